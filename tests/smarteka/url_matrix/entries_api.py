"""Matrix rows of the open data (F-PLUS-5, issue 19 item 5): the API, its schema and docs, the CSV and the
Atom feeds are public GET pages; the subscriptions page is the logged-in user's own; deleting a
subscription is its owner's (another user's is not found); the unsubscribe link works without login (its
signed token is the authority). See the package docstring for the form of a row."""

from tests.smarteka.url_matrix.expect import LOGIN, POST_ONLY_OPEN, E, custom, logged_in, public
from tests.smarteka.url_matrix.world import builder


@builder("subscription")
def _subscription(w):
    from practices.models import Subscription

    return Subscription.objects.create(user=w("outsider"), category=w("category_a"))


def _token(w):
    from practices.api.subscriptions import unsubscribe_token

    return {"token": unsubscribe_token(w("subscription"))}


def _delete_own(user, w):
    """The owner deletes (a redirect to the page); anyone else: 404; anonymous: to log in."""
    if user is None:
        return LOGIN
    return "redirect" if user.pk == w("outsider").pk else 404


ENTRIES = [
    E("api:api-root", get=public(ok=(200, 404))),
    E("api:openapi-json", get=public()),
    E("api:openapi-view", get=public()),
    E("api:practices", get=public()),
    E("api:practice", lambda w: {"practice_id": w("published").pk}, get=public(), variant="published"),
    E("api:practice", lambda w: {"practice_id": w("draft").pk}, get=public(ok=(404,)), variant="draft"),
    E("api:categories", get=public()),
    E("api:regions", get=public()),
    E("api:practices_csv", get=public()),
    E("feeds:practices", get=public()),
    E("feeds:category", lambda w: {"pk": w("category_a").pk}, get=public()),
    E("feeds:region", lambda w: {"slug": w("region_a").slug}, get=public()),
    E("practices:subscriptions", get=logged_in(), post=logged_in(),
      data=lambda w: {"region": w("region_b").pk}),
    E("practices:subscription_delete", lambda w: {"pk": w("subscription").pk}, get=POST_ONLY_OPEN,
      post=custom(_delete_own)),
    E("practices:unsubscribe", _token, get=public(), post=public()),
]
