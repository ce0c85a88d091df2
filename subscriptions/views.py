"""The public subscription pages under /prenumerera/.

No e-mail address is ever shown on these pages (not even back to the person who typed
it), and whether an address is already subscribed is never revealed: every accepted
request gets the same answer and the same kind of mail.
"""

from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.antispam import client_ip, rate_limit_from_settings

from . import tokens
from .forms import TOPICS_FIELD, SubscribeForm
from .models import Subscriber
from .tasks import send_confirmation
from .topics import apply_keys, keys_of, labels_for, load_catalogue

# Accepted requests per IP address, and confirmation mails per address, per window.
IP_LIMIT = rate_limit_from_settings("subscribe-ip", "SUBSCRIBE_RATE_LIMIT", (10, 3600))
ADDRESS_LIMIT = rate_limit_from_settings(
    "subscribe-address", "SUBSCRIBE_ADDRESS_RATE_LIMIT", (3, 3600)
)

RATE_LIMITED_IP = (
    "Vi har tagit emot många anmälningar från din nätverksadress den senaste stunden och "
    "tar därför en paus. Vänta {minutes} minuter och tryck sedan på ”Prenumerera” igen. "
    "Det du har fyllt i finns kvar."
)
RATE_LIMITED_ADDRESS = (
    "Vi har redan skickat flera bekräftelsemejl till den här adressen den senaste stunden. "
    "Titta i inkorgen (och i skräpposten). Vill du ha ett nytt mejl kan du försöka igen "
    "om {minutes} minuter."
)


def _render(request, template, context=None, status=200):
    return TemplateResponse(request, f"subscriptions/{template}", context or {}, status=status)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    catalogue = load_catalogue()
    if request.method == "POST":
        form = SubscribeForm(request.POST, catalogue=catalogue)
    else:
        known = {topic.key for topic in catalogue.all}
        wanted = [key for key in request.GET.getlist("amne") if key in known]
        form = SubscribeForm(initial={TOPICS_FIELD: wanted}, catalogue=catalogue)

    limit_message = None
    if request.method == "POST" and form.is_valid():
        email = Subscriber.normalise(form.cleaned_data["epost"])
        ip = client_ip(request)
        if IP_LIMIT.exceeded(ip):
            limit_message = RATE_LIMITED_IP.format(minutes=IP_LIMIT.window_minutes)
        elif ADDRESS_LIMIT.exceeded(email):
            limit_message = RATE_LIMITED_ADDRESS.format(minutes=ADDRESS_LIMIT.window_minutes)
        else:
            IP_LIMIT.record(ip)
            ADDRESS_LIMIT.record(email)
            keys = form.cleaned_data[TOPICS_FIELD]
            # The address, its topics and the queued confirmation mail (a row in the task
            # table in production) are saved together or not at all: a request that fails
            # halfway never leaves an address waiting for a mail that was not queued.
            with transaction.atomic():
                subscriber, _ = Subscriber.objects.get_or_create(email=email)
                if not subscriber.is_confirmed:
                    # Not yet confirmed: the latest request is what counts, and it restarts
                    # the three days before an unconfirmed address is deleted.
                    subscriber.requested_at = timezone.now()
                    subscriber.save(update_fields=["requested_at"])
                    apply_keys(subscriber, keys)
                send_confirmation.enqueue(subscriber.pk, keys, request.build_absolute_uri("/"))
            return redirect("subscriptions:sent", permanent=False)

    status = 200
    if limit_message:
        status = 429
    elif request.method == "POST":
        status = 400
    response = _render(
        request,
        "subscribe.html",
        {"form": form, "limit_message": limit_message, "catalogue": catalogue},
        status=status,
    )
    if limit_message:
        response["Retry-After"] = str(IP_LIMIT.window)
    return response


def sent(request):
    return _render(request, "sent.html", {"days": tokens.CONFIRM_MAX_AGE_DAYS})


def _link_problem(request, expired=False, gone=False):
    return _render(
        request,
        "link_problem.html",
        {"expired": expired, "gone": gone, "days": tokens.CONFIRM_MAX_AGE_DAYS},
        status=410 if (expired or gone) else 400,
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows the topics and one button; only its POST confirms. Mail security scanners
    (such as Safe Links) open every link in a mail by themselves, and must not confirm a
    subscription nobody asked for."""
    try:
        key, keys = tokens.read_confirm_token(token)
    except tokens.ExpiredLink:
        return _link_problem(request, expired=True)
    except tokens.InvalidLink:
        return _link_problem(request)
    if request.method == "GET":
        if not Subscriber.objects.filter(key=key).exists():
            return _link_problem(request, gone=True)
        context = {"topics": labels_for(keys), "token": token, "days": tokens.CONFIRM_MAX_AGE_DAYS}
        return _render(request, "confirm.html", context)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(key=key).first()
        if subscriber is None:
            return _link_problem(request, gone=True)
        apply_keys(subscriber, keys)
        if not subscriber.is_confirmed:
            now = timezone.now()
            subscriber.confirmed_at = now
            # The first digest covers what is published from now on.
            subscriber.last_digest_at = now
            subscriber.save(update_fields=["confirmed_at", "last_digest_at"])
    return _render(
        request,
        "confirmed.html",
        {
            "topics": labels_for(keys_of(subscriber)),
            "unsubscribe_token": tokens.unsubscribe_token(subscriber),
        },
    )


@csrf_exempt  # RFC 8058: mail programs POST here without a form; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows one button (so link scanners in mail systems cannot unsubscribe anyone);
    POST, from that button or from a mail program's one-click unsubscribe, deletes."""
    try:
        key = tokens.read_unsubscribe_token(token)
    except (tokens.InvalidLink, tokens.ExpiredLink):
        return _link_problem(request)
    subscriber = Subscriber.objects.filter(key=key).first()
    if request.method == "POST":
        if subscriber is not None:
            subscriber.delete()
        return _render(request, "unsubscribed.html")
    if subscriber is None:
        return _render(request, "unsubscribed.html", {"already": True})
    return _render(
        request,
        "unsubscribe.html",
        {"topics": labels_for(keys_of(subscriber)), "token": token},
    )
