"""Webhook subscriptions, and the delivery log with redelivery."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction

from editorial.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from editorial.webhooks.sending import redeliver
from guidance.admin.base import URL_FIELDS_ASSUME_HTTPS


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["url", "secret", "events", "is_active", "description"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["url", "description", "event_list", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]

    @admin.display(description="events")
    def event_list(self, subscription):
        return ", ".join(subscription.events)


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
