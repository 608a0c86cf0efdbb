from django.contrib import admin

from inbox.models import ChorusAlert, Conversation, Message, Reply, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("order", "match", "value", "team")
    list_editable = ("match", "value", "team")
    list_display_links = ("order",)


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("pk", "channel", "customer_name", "status", "assignee", "team",
                    "waiting_since", "first_response_at")
    list_filter = ("status", "channel", "team", "flagged")
    search_fields = ("customer_name", "customer_handle", "external_thread_id")
    raw_id_fields = ("assignee",)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("pk", "conversation", "direction", "sent_at", "flagged", "hidden_at")
    list_filter = ("direction", "channel", "flagged")
    raw_id_fields = ("conversation", "suggestion", "agent")


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ("pk", "conversation", "kind", "state", "attempts", "sent_at")
    list_filter = ("state", "kind")
    raw_id_fields = ("conversation", "in_reply_to", "agent")


@admin.register(ChorusAlert)
class ChorusAlertAdmin(admin.ModelAdmin):
    list_display = ("label", "count", "baseline", "started_at", "updated_at", "dismissed_at")
