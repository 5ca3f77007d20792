"""Who may download a stored file (F-FILE-1).

public → anyone; the uploader → yes; anyone else → the rule of the owner's model,
``download_file:<app_label>.<model_name>`` (registered in the owning app's permissions.py and asked with
the file); an owner whose model has no such rule → no.
"""

from smarteka.permissions import UnknownAction, anonymous_allowed, can, rule


def owner_rule(owner):
    """The action that answers for the files of ``owner``'s model."""
    return f"download_file:{owner._meta.label_lower}"


@rule("download_file")
@anonymous_allowed
def download_file(user, stored_file):
    if stored_file is None:
        return False
    if stored_file.is_public:
        return True
    if user is not None and user.is_authenticated and stored_file.uploaded_by_id == user.pk:
        return True
    owner = stored_file.owner if stored_file.owner_type_id else None
    if owner is None:
        return False
    try:
        return can(user, owner_rule(owner), stored_file)
    except UnknownAction:
        return False
