"""Who may download a stored file (F-FILE-1).

public → anyone; anonymous → no; the uploader → yes; anyone else → the owner object's app decides
through ``owner.file_visible_to(user, stored_file)`` when the owner's model has that method, else no.
"""

from smarteka.permissions import anonymous_allowed, rule


@rule("download_file")
@anonymous_allowed
def download_file(user, stored_file):
    if stored_file is None:
        return False
    if stored_file.is_public:
        return True
    owner = stored_file.owner if stored_file.owner_type_id else None
    # an owner may open a private file to everyone once its own state allows (a published practice's cover)
    is_public_now = getattr(owner, "file_is_public", None)
    if callable(is_public_now) and is_public_now(stored_file):
        return True
    if user is None or not user.is_authenticated:
        return False
    if stored_file.uploaded_by_id is not None and stored_file.uploaded_by_id == user.pk:
        return True
    hook = getattr(owner, "file_visible_to", None)
    return bool(callable(hook) and hook(user, stored_file))
