from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from smarteka.files.models import StoredFile
from smarteka.files.responses import attachment_disposition, attachment_response, safe_content_type
from smarteka.permissions import can

SIGNED_URL_SECONDS = 60


@require_safe
def download(request, pk):
    """Stream a stored file to whoever ``can(user, "download_file", file)`` (F-FILE-1).

    Refusals, the same for every private file: an anonymous visitor is sent to the login page
    (302); a logged-in user without the right gets 404, so the URL does not even confirm that the
    file exists. Remote storages (S3) get a redirect to a short-lived signed URL after the check.

    Every file is a download (issue 15 item 4): ``Content-Disposition: attachment`` (RFC 5987 name),
    ``X-Content-Type-Options: nosniff`` and the content type the upload check found — PDFs and images
    included (an ``<img>`` still shows them). Choice for S3: the signed URL makes the bucket answer
    with the same attachment disposition and content type; a bucket cannot add ``nosniff``, so it must
    be served from its own origin, never the site's.
    """
    stored = get_object_or_404(StoredFile.objects.select_related("owner_type"), pk=pk)
    if not can(request.user, "download_file", stored):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("Файл не найден.")
    storage = stored.file.storage
    content_type = safe_content_type(stored.content_type)
    try:
        storage.path(stored.file.name)
    except NotImplementedError:  # remote storage: let it serve the bytes under a signed URL
        url = storage.url(
            stored.file.name,
            parameters={"ResponseContentDisposition": attachment_disposition(stored.original_name),
                        "ResponseContentType": content_type},
            expire=SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = storage.open(stored.file.name, "rb")
        except FileNotFoundError:
            raise Http404("Файл не найден.")
        response = attachment_response(handle, name=stored.original_name, content_type=content_type,
                                       size=stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if stored.is_public else "private, no-store"
    return response
