"""Any change to an entry or its wordings schedules a re-index once the transaction commits,
whichever path made it (API, lead pages, admin, shell)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from kb.models import Entry, ExampleQuestion
from kb.search.upkeep import schedule_reindex


@receiver(post_save, sender=Entry)
@receiver(post_delete, sender=Entry)
def entry_changed(sender, instance, **kwargs):
    # A draft that was never published is not in any index: nothing to do.
    if instance.status == Entry.Status.PUBLISHED or instance.published_at is not None:
        schedule_reindex(instance.pk)


@receiver(post_save, sender=ExampleQuestion)
@receiver(post_delete, sender=ExampleQuestion)
def question_changed(sender, instance, **kwargs):
    # A new suggested wording is not indexed until a lead accepts it.
    if instance.status != ExampleQuestion.Status.SUGGESTED:
        schedule_reindex(instance.entry_id)
