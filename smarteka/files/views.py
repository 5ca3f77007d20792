from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from smarteka.files.models import StoredFile
from smarteka.permissions import can

# Shown inline in the browser; everything else is downloaded.
INLINE_FORMATS = {"pdf", "jpeg", "png", "bmp", "webp"}
SIGNED_URL_SECONDS = 60


@require_safe
def download(request, pk):
    """Stream a stored file to whoever ``can(user, "download_file", file)`` (F-FILE-1).

    Refusals, the same for every private file: an anonymous visitor is sent to the login page
    (302); a logged-in user without the right gets 404, so the URL does not even confirm that the
    file exists. Remote storages (S3) get a redirect to a short-lived signed URL after the check.
    """
    stored = get_object_or_404(StoredFile.objects.select_related("owner_type"), pk=pk)
    if not can(request.user, "download_file", stored):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("Файл не найден.")
    as_attachment = stored.file_format not in INLINE_FORMATS
    storage = stored.file.storage
    try:
        storage.path(stored.file.name)
    except NotImplementedError:  # remote storage: let it serve the bytes under a signed URL
        disposition = content_disposition_header(as_attachment, stored.original_name)
        url = storage.url(
            stored.file.name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": stored.content_type},
            expire=SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = storage.open(stored.file.name, "rb")
        except FileNotFoundError:
            raise Http404("Файл не найден.")
        response = FileResponse(
            handle, as_attachment=as_attachment, filename=stored.original_name, content_type=stored.content_type
        )
        response["Content-Length"] = stored.size
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if stored.is_public else "private, no-store"
    return response
