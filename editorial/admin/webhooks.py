"""Webhook subscriptions, and the delivery log with redelivery.

Subscriptions are saved, and their secrets rotated, through
editorial.webhooks.subscriptions; a secret is shown once, on the page that
answers the save or the rotation, and is never put in a message or the
session (both may be stored in the database).
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from editorial.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from editorial.webhooks import subscriptions
from editorial.webhooks.encryption import secret_decrypt
from editorial.webhooks.sending import redeliver


class SubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["url", "events", "is_active", "description"]
        widgets = {"url": forms.TextInput(attrs={"size": 80})}


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = [
        "url",
        "description",
        "event_list",
        "is_active",
        "previous_secret_until",
        "created_at",
    ]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    readonly_fields = ["secret_state"]
    actions = ["rotate_secret"]

    @admin.display(description="events")
    def event_list(self, subscription):
        return ", ".join(subscription.events)

    @admin.display(description="secret")
    def secret_state(self, subscription):
        if subscription.pk is None:
            return "Made when the subscription is saved, and shown once then."
        state = "Set; shown only when it was made. Lost? Rotate it (action on the list)."
        if subscription.previous_secret_until:
            until = subscription.previous_secret_until.strftime("%Y-%m-%d %H:%M %Z")
            state += f" The previous secret also signs until {until}."
        return state

    def save_model(self, request, obj, form, change):
        subscriptions.subscription_save(obj, user=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        # The page answering the save is the one place the secret is shown.
        return self.secrets_page(
            request, [(obj, secret_decrypt(obj.secret_encrypted))], "Subscription added"
        )

    @admin.action(
        description="Rotate the secret (the old one keeps signing for a while)",
        permissions=["change"],
    )
    def rotate_secret(self, request, queryset):
        with transaction.atomic():
            rotated = [
                (subscription, subscriptions.secret_rotate(subscription, user=request.user))
                for subscription in queryset
            ]
        return self.secrets_page(request, rotated, "Secrets rotated")

    def secrets_page(self, request, shown, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "shown": shown,
        }
        response = TemplateResponse(
            request, "admin/editorial/webhooksubscription/secrets.html", context
        )
        add_never_cache_headers(response)
        return response


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "event",
        "subscription",
        "state",
        "attempts",
        "last_status",
        "next_attempt_at",
    ]
    list_filter = ["state", "event"]
    list_select_related = ["subscription"]
    search_fields = ["delivery_id", "subscription__url"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    actions = ["deliver_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Deliver again (a new delivery, sent by the worker)")
    def deliver_again(self, request, queryset):
        with transaction.atomic():
            copies = [redeliver(delivery) for delivery in queryset.select_related("subscription")]
        self.message_user(
            request,
            f"Queued {len(copies)} new deliver{'y' if len(copies) == 1 else 'ies'}.",
            messages.SUCCESS,
        )
