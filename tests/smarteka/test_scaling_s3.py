"""Issue 17 item 4: files on S3-compatible storage (django-storages) against a real S3 API —
moto's server mode on a free loopback port: upload through the materials page, the permission-checked
download (a short signed URL only after the check) and deletion."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from smarteka.files.models import StoredFile
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "smarteka-media"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)  # port 0: a free one
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    """STORAGES["default"] as smarteka.settings builds it when AWS_STORAGE_BUCKET_NAME is set."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint, "access_key": "testing",
                    "secret_key": "testing", "region_name": "us-east-1", "default_acl": "private",
                    "querystring_auth": True, "signature_version": "s3v4"},
    }}
    return boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)


def exists(client, key):
    try:
        client.head_object(Bucket=BUCKET, Key=key)
    except ClientError as error:
        assert error.response["Error"]["Code"] in ("404", "NoSuchKey")
        return False
    return True


@pytest.mark.django_db
def test_issue_17_item_4_s3_upload_protected_download_and_deletion(
        s3, client, author, outsider, category_a, django_capture_on_commit_callbacks):
    assert default_storage.__class__.__name__ == "S3Storage"
    practice = factories.PracticeFactory(author=author, category=category_a)
    client.force_login(author)

    # upload through the materials page: the bytes land in the bucket under the generated name
    upload = SimpleUploadedFile("Акт о внедрении.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("practices:materials", args=[practice.pk]),
                           {"action": "material", "kind": "normative_act", "file": upload})
    assert response.status_code == 302
    material = practice.materials.get()
    stored = material.file
    key = stored.file.name
    assert key.startswith("files/") and key.endswith(f"{stored.pk.hex}.pdf")
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF
    assert not stored.is_public

    # protected download: the check first, then a signed URL valid for a minute
    url = reverse("files:download", args=[stored.pk])
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(author)
    response = client.get(url)
    assert response.status_code == 302
    signed = response["Location"]
    assert signed.startswith(s3.meta.endpoint_url)
    query = parse_qs(urlparse(signed).query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    with urllib.request.urlopen(signed, timeout=10) as fetched:  # the S3 API serves the bytes itself
        assert fetched.read() == PDF
        assert fetched.headers["Content-Type"] == "application/pdf"
        assert fetched.headers["Content-Disposition"].startswith("attachment")  # never inline (issue 15 item 4)
        assert "filename*=utf-8''%D0%90%D0%BA%D1%82" in fetched.headers["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"

    # deletion: the row goes at once, the object after the commit
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:material_delete", args=[practice.pk, material.pk]))
    assert response.status_code == 302
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not exists(s3, key)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_issue_17_item_4_s3_objects_are_private(s3):
    """Objects are stored with the private ACL: only the download view hands out (signed) links."""
    stored_name = default_storage.save("files/check/private.pdf", SimpleUploadedFile("x.pdf", PDF))
    acl = s3.get_object_acl(Bucket=BUCKET, Key=stored_name)
    public = [grant for grant in acl["Grants"]
              if grant["Grantee"].get("URI", "").endswith("/global/AllUsers")]
    assert public == []
    default_storage.delete(stored_name)
    assert not exists(s3, stored_name)
