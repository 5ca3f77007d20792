"""Forms of the passport's materials and cover (F-PASS-2, F-FILE-1)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from PIL import Image

from practices.enums import PERSONAL_DATA_KINDS
from practices.models import MaterialKind
from smarteka.files import validators
from smarteka.files.forms import ContentCheckedFileField
from smarteka.forms import SafeTextMixin

# Прил.2, items 9 and 10 — verbatim.
MATERIALS_HELP = (
    "Прикрепите все необходимые материалы в соответствии с критериями платформы (п.2.1.5. Регламента), "
    "наличие которых необходимо для реализации практики или помогает лучше раскрыть ее суть. Важно: каждый "
    "файл должен быть не более 20 МБ, если файл превышает указанный объем, можете разместить его в любом "
    "облачном хранилище и прикрепить ссылку."
)
COVER_HELP = (
    "Загрузите фотографию для обложки, она должна соответствовать техническим требованиям (Формат: JPG, PNG, "
    "BMP; формата 4:3, минимальное разрешение: 900х675 px), быть визуально корректной, отражать суть и "
    "ассоциироваться с практикой. Рекомендуем выбирать изображение, не содержащее текст. Вы можете проверить, "
    "как будет выглядеть обложка вашего паспорта, нажав кнопку «Предпросмотр»."
)
PD_CONSENT_HELP = (
    "п. 4.1.6 Регламента: «автору практики необходимо самостоятельно собрать согласия на обработку "
    "персональных данных в адрес Агентства и загрузить их в специальный раздел паспорта практики на Платформе»."
)

PD_CONSENT_PRIVATE = ("Согласия на обработку персональных данных в каталоге не показываются никогда, "
                      "отметка к ним не применяется: их видят только команда практики и проверяющие.")

MATERIAL_FILE_KINDS = validators.DOCUMENT_KINDS + validators.ARCHIVE_KINDS + validators.image_kinds()
COVER_KINDS = ("jpeg", "png", "bmp")
COVER_MIN = (900, 675)
COVER_RATIO = 4 / 3
COVER_TOLERANCE = 0.01

# Kinds the author uploads on the materials page (track letters are uploaded with the submission).
UPLOAD_KINDS = [
    MaterialKind.NORMATIVE_ACT, MaterialKind.SAMPLE_DOCUMENT, MaterialKind.ROADMAP, MaterialKind.PRESENTATION,
    MaterialKind.FEDERAL_RECOGNITION, MaterialKind.DEPUTY_GOVERNOR_LETTER, MaterialKind.VIDEO,
    MaterialKind.PD_CONSENT,
]


# issue 15 item 4: a link shown to others is http(s) only (Django's default also lets ftp:// in)
HTTP_URL = URLValidator(schemes=["http", "https"])


class MaterialForm(SafeTextMixin, forms.Form):
    kind = forms.ChoiceField(label="Тип материала", choices=[("", "— выберите —")] + [(k.value, k.label)
                                                                                    for k in UPLOAD_KINDS])
    title = forms.CharField(label="Название", max_length=300, required=False,
                            help_text="Например: «Постановление Правительства Амурской области № 123»")
    file = ContentCheckedFileField(label="Файл", kinds=MATERIAL_FILE_KINDS, required=False)
    url = forms.URLField(label="или ссылка", max_length=500, required=False, assume_scheme="https",
                         help_text="Ссылка на облачное хранилище или видео (видеоматериалы — только ссылкой).")
    is_public = forms.BooleanField(label="Показывать в каталоге после публикации", required=False, initial=True,
                                   help_text=PD_CONSENT_PRIVATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Выберите тип материала."
        self.fields["url"].error_messages["invalid"] = "Введите правильную ссылку, например https://disk.yandex.ru/…"
        self.fields["url"].validators = [HTTP_URL if isinstance(v, URLValidator) else v
                                         for v in self.fields["url"].validators]

    def clean(self):
        data = super().clean()
        upload, url, kind = data.get("file"), data.get("url"), data.get("kind")
        if self.errors:
            return data
        if upload and url:
            self.add_error("url", "Укажите либо файл, либо ссылку, но не то и другое сразу.")
        elif not upload and not url:
            self.add_error("file", "Прикрепите файл или укажите ссылку.")
        elif kind == MaterialKind.VIDEO and upload:
            self.add_error("file", "Видеоматериалы добавляются ссылкой: разместите видео на видеохостинге или "
                                   "в облачном хранилище и укажите ссылку.")
        if kind in PERSONAL_DATA_KINDS:
            data["is_public"] = False  # the box does not apply: consents are never public (4.1.6, 152-ФЗ)
        return data


class CoverField(ContentCheckedFileField):
    """JPG/PNG/BMP by content, 4:3 (±1 %), at least 900×675 px, with precise Russian messages."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", COVER_HELP)
        super().__init__(kinds=COVER_KINDS, **kwargs)

    def clean(self, data, initial=None):
        try:
            upload = super().clean(data, initial)
        except ValidationError as error:
            if getattr(error, "code", None) in ("extension", "content_mismatch"):
                name = validators.PurePath(getattr(data, "name", "") or "файл").name
                _, description = validators.detect(validators.read_upload(data)) if data else (None, "")
                detail = f"по содержимому это {description}" if description else "формат не подходит"
                raise ValidationError(
                    "Допустимые форматы обложки: JPG, PNG, BMP. Файл «%(name)s» не подходит: %(detail)s.",
                    code="cover_format", params={"name": name, "detail": detail},
                ) from None
            raise
        if not upload:
            return upload
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
        upload.seek(0)
        errors = []
        if abs((width / height) / COVER_RATIO - 1) > COVER_TOLERANCE:
            errors.append(ValidationError(
                "Обложка должна иметь соотношение сторон 4:3: загружено %(w)d×%(h)d px.",
                code="cover_ratio", params={"w": width, "h": height}))
        if width < COVER_MIN[0] or height < COVER_MIN[1]:
            errors.append(ValidationError(
                "Минимальный размер обложки — 900×675 px: загружено %(w)d×%(h)d px.",
                code="cover_size", params={"w": width, "h": height}))
        if errors:
            raise ValidationError(errors)
        upload.cover_size = (width, height)
        return upload


class CoverForm(forms.Form):
    cover = CoverField(label="Обложка карточки практики",
                       error_messages={"required": "Выберите изображение для обложки."})
