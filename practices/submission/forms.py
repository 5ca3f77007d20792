from django import forms

from practices.models import Track
from practices.services import SUBMISSION_TRACKS

TRACK_HELP = {
    Track.REGIONAL_INITIATIVE: (
        "Подача по инициативе исполнительного органа субъекта Российской Федерации (п. 3.1). Принимаются "
        "практики регионов, входящих в реестр регионов-лидеров рейтингов Агентства текущего года (п. 3.1.1)."),
    Track.STATE_COUNCIL: (
        "Практика рекомендована профильной комиссией Государственного Совета Российской Федерации или "
        "профильным федеральным органом исполнительной власти (п. 3.2). Письмо и протокол с рекомендацией "
        "поступают в Агентство: их прикрепит модератор АСИ, письмо будет показано на странице практики."),
    Track.AGENCY_REQUEST: (
        "Практика описана по официальному запросу Агентства (п. 3.3). Письмо-запрос Агентства загружает "
        "региональный координатор."),
    Track.SELECTION: (
        "Практика подаётся как заявка на отбор (п. 4.3.4): сроки задаёт положение об отборе, окна приёма "
        "п. 4.3.1 к ней не применяются."),
}


class TrackForm(forms.Form):
    track = forms.ChoiceField(
        label="Трек подачи", widget=forms.RadioSelect,
        choices=[(t.value, t.label) for t in SUBMISSION_TRACKS],
        error_messages={"required": "Выберите трек подачи практики.",
                        "invalid_choice": "Выберите один из предложенных треков подачи."},
    )

    def __init__(self, *args, tracks=SUBMISSION_TRACKS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [(t.value, t.label) for t in tracks]
