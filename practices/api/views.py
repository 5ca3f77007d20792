"""Pages of the subscriptions to new practices (F-PLUS-5): the user's «Подписки» page and the one-click
unsubscribe by a signed link (no login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from practices.api import subscriptions as services
from practices.api.forms import SubscriptionForm
from practices.models import Category, Subscription
from regions.models import Region
from smarteka.forms import post_data


@login_required
def subscriptions(request):
    """The user's subscriptions, and a form to add one (category or region)."""
    form = SubscriptionForm(post_data(request), initial={
        "category": request.GET.get("category"), "region": request.GET.get("region")})
    if request.method == "POST" and form.is_valid():
        subscription = services.subscribe(request.user, category=form.cleaned_data["category"],
                                          region=form.cleaned_data["region"])
        messages.success(request, f"Подписка оформлена: {subscription.target}. Письмо придёт о каждой "
                                  "новой опубликованной практике.")
        return redirect("practices:subscriptions")
    rows = (Subscription.objects.filter(user=request.user).select_related("category", "region")
            .order_by("region_id", "category__name", "region__name"))
    return render(request, "practices/api/subscriptions.html", {"form": form, "subscriptions": rows})


@require_POST
@login_required
def subscription_delete(request, pk):
    subscription = get_object_or_404(Subscription, pk=pk, user=request.user)  # another's: not found
    target = subscription.target
    subscription.delete()
    messages.success(request, f"Подписка отменена: {target}.")
    return redirect("practices:subscriptions")


@csrf_exempt  # the signed token is the authority; mail clients post RFC 8058 one-click without a session
def unsubscribe(request, token):
    """GET (the link in the e-mail) and the mail client's one-click POST unsubscribe at once; the page
    offers to take the subscription back (POST ``resubscribe``)."""
    if request.method == "POST" and request.POST.get("resubscribe"):
        target = services.resubscribe_by_token(token)
        resubscribed = target is not None
    elif request.method in ("GET", "HEAD", "POST"):
        target = services.unsubscribe_by_token(token)
        resubscribed = False
        if request.method == "POST" and target is not None:
            return HttpResponse("Подписка отменена.", content_type="text/plain; charset=utf-8")
    else:
        return HttpResponse(status=405)
    name = ""
    if target is not None:
        _user, category_id, region_id = target
        obj = (Category.objects.filter(pk=category_id).first() if category_id
               else Region.objects.filter(pk=region_id).first())
        name = str(obj) if obj else ""
    response = render(request, "practices/api/unsubscribed.html", {
        "valid": target is not None, "name": name, "token": token, "resubscribed": resubscribed},
        status=200 if target is not None else 404)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
