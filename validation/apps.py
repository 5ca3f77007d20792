from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "validation"
    verbose_name = "Валидация"

    def ready(self):
        # imported here, not at the top: models and services need the app registry ready
        from experts import sections, signals
        from practices.services import REVISION_DEADLINE_KIND
        from practices.signals import practice_left_catalogue
        from smarteka import cabinet
        from smarteka.deadlines.registry import set_overdue_action
        from smarteka.notifications.signals import notice_emailed
        from validation import cabinet as validation_cabinet
        from validation import notices, services
        from validation.expert_review import services as expert_review
        from validation.expert_review import views as expert_review_views
        from validation.lifecycle import actualization, archiving, contacts
        from validation.lifecycle import cabinet as lifecycle_cabinet
        from validation.lifecycle import kinds as lifecycle_kinds

        # the review round on the experts' pages, and what the expert's own actions tell it (F-VAL-3, F-VAL-4)
        sections.add("pool", "validation/expert_review/_pool_in_review.html", expert_review_views.pool_in_review)
        sections.add("pool_manage", "validation/expert_review/_pool_meetings.html", expert_review_views.pool_meetings)
        sections.add("evaluation_closed", "validation/expert_review/_protocol_link.html")
        signals.invitation_declined.connect(expert_review.notify_declined, dispatch_uid="expert_review.declined")
        signals.evaluation_submitted.connect(expert_review.notify_evaluated, dispatch_uid="expert_review.evaluated")
        # F-DL-1 (4.1.9): the practice's revision clock starts when the e-mail goes out; overdue, the
        # reviewers are offered the refusal
        notice_emailed.connect(services.start_revision_clock_on_email, dispatch_uid="validation.revision_clock")
        # issue 17: the reviewers' kept queue sections are dropped by every write of the work they show
        from validation import queues

        queues.connect_invalidation()
        set_overdue_action(REVISION_DEADLINE_KIND, notices.revision_overdue)
        # issue 21: the clocks of a practice's life after publication (F-DL-2, F-DL-5, F-DL-6, F-DL-8, F-DL-9)
        lifecycle_kinds.register_kinds()
        # F-DL-2 (4.5.4 → 4.6.1): an actualization request left unanswered becomes an archiving proposal
        set_overdue_action(lifecycle_kinds.ACTUALIZATION_REQUESTED, archiving.actualization_overdue)
        # F-ACT-1, F-DL-2, F-DL-8: a practice leaving the catalogue ends its actualization and its clocks
        practice_left_catalogue.connect(actualization.on_practice_left_catalogue,
                                        dispatch_uid="validation.actualization_left_catalogue")
        # F-DL-6 (4.1.12): 14 working days of an author's silence open a contact update request by itself
        set_overdue_action(lifecycle_kinds.AUTHOR_SILENT, contacts.author_silence_overdue)
        # «Мой кабинет» (issue 14, item 4): the practices waiting for each reviewer, the review lists
        cabinet.register(validation_cabinet.awaiting)
        cabinet.register(validation_cabinet.overview, awaiting=False)
        cabinet.register(lifecycle_cabinet.awaiting)  # proposals, actualizations, replacements (issue 21)
        cabinet.register(lifecycle_cabinet.overview, awaiting=False)
