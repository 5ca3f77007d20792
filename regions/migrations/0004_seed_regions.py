"""Reference data F-REF-1: the 8 federal districts and the 89 federal subjects of Russia.

Codes are the two-digit subject codes of the official list used by the tax and registration
authorities (01 Республика Адыгея … 79 Еврейская АО, 83, 86, 87, 89 for the autonomous okrugs,
91 Республика Крым, 92 Севастополь, 90 Запорожская, 93 ДНР, 94 ЛНР, 95 Херсонская область).
Districts are as of today (Крым and Севастополь in ЮФО; Бурятия and Забайкальский край in ДФО);
the four subjects admitted in 2022 are in no federal district. The rows stay editable in the admin.
Idempotent: rows are matched by district short name and by subject code (update_or_create), so a
database where a factory already created region "28" or "16" is brought in line, not duplicated.
"""

from django.db import migrations

FEDERAL_DISTRICTS = [
    # (short name, name, order)
    ("ЦФО", "Центральный федеральный округ", 1),
    ("СЗФО", "Северо-Западный федеральный округ", 2),
    ("ЮФО", "Южный федеральный округ", 3),
    ("СКФО", "Северо-Кавказский федеральный округ", 4),
    ("ПФО", "Приволжский федеральный округ", 5),
    ("УФО", "Уральский федеральный округ", 6),
    ("СФО", "Сибирский федеральный округ", 7),
    ("ДФО", "Дальневосточный федеральный округ", 8),
]

# (code, name, slug, district short name or "" for the subjects admitted in 2022)
REGIONS = [
    ('01', 'Республика Адыгея', 'adygeya', 'ЮФО'),
    ('02', 'Республика Башкортостан', 'bashkortostan', 'ПФО'),
    ('03', 'Республика Бурятия', 'buryatiya', 'ДФО'),
    ('04', 'Республика Алтай', 'altay', 'СФО'),
    ('05', 'Республика Дагестан', 'dagestan', 'СКФО'),
    ('06', 'Республика Ингушетия', 'ingushetiya', 'СКФО'),
    ('07', 'Кабардино-Балкарская Республика', 'kabardino-balkarskaya-respublika', 'СКФО'),
    ('08', 'Республика Калмыкия', 'kalmykiya', 'ЮФО'),
    ('09', 'Карачаево-Черкесская Республика', 'karachaevo-cherkesskaya-respublika', 'СКФО'),
    ('10', 'Республика Карелия', 'kareliya', 'СЗФО'),
    ('11', 'Республика Коми', 'komi', 'СЗФО'),
    ('12', 'Республика Марий Эл', 'mariy-el', 'ПФО'),
    ('13', 'Республика Мордовия', 'mordoviya', 'ПФО'),
    ('14', 'Республика Саха (Якутия)', 'sakha-yakutiya', 'ДФО'),
    ('15', 'Республика Северная Осетия — Алания', 'severnaya-osetiya-alaniya', 'СКФО'),
    ('16', 'Республика Татарстан', 'tatarstan', 'ПФО'),
    ('17', 'Республика Тыва', 'tyva', 'СФО'),
    ('18', 'Удмуртская Республика', 'udmurtskaya-respublika', 'ПФО'),
    ('19', 'Республика Хакасия', 'khakasiya', 'СФО'),
    ('20', 'Чеченская Республика', 'chechenskaya-respublika', 'СКФО'),
    ('21', 'Чувашская Республика — Чувашия', 'chuvashskaya-respublika-chuvashiya', 'ПФО'),
    ('22', 'Алтайский край', 'altayskiy-kray', 'СФО'),
    ('23', 'Краснодарский край', 'krasnodarskiy-kray', 'ЮФО'),
    ('24', 'Красноярский край', 'krasnoyarskiy-kray', 'СФО'),
    ('25', 'Приморский край', 'primorskiy-kray', 'ДФО'),
    ('26', 'Ставропольский край', 'stavropolskiy-kray', 'СКФО'),
    ('27', 'Хабаровский край', 'khabarovskiy-kray', 'ДФО'),
    ('28', 'Амурская область', 'amurskaya-oblast', 'ДФО'),
    ('29', 'Архангельская область', 'arkhangelskaya-oblast', 'СЗФО'),
    ('30', 'Астраханская область', 'astrakhanskaya-oblast', 'ЮФО'),
    ('31', 'Белгородская область', 'belgorodskaya-oblast', 'ЦФО'),
    ('32', 'Брянская область', 'bryanskaya-oblast', 'ЦФО'),
    ('33', 'Владимирская область', 'vladimirskaya-oblast', 'ЦФО'),
    ('34', 'Волгоградская область', 'volgogradskaya-oblast', 'ЮФО'),
    ('35', 'Вологодская область', 'vologodskaya-oblast', 'СЗФО'),
    ('36', 'Воронежская область', 'voronezhskaya-oblast', 'ЦФО'),
    ('37', 'Ивановская область', 'ivanovskaya-oblast', 'ЦФО'),
    ('38', 'Иркутская область', 'irkutskaya-oblast', 'СФО'),
    ('39', 'Калининградская область', 'kaliningradskaya-oblast', 'СЗФО'),
    ('40', 'Калужская область', 'kaluzhskaya-oblast', 'ЦФО'),
    ('41', 'Камчатский край', 'kamchatskiy-kray', 'ДФО'),
    ('42', 'Кемеровская область — Кузбасс', 'kemerovskaya-oblast-kuzbass', 'СФО'),
    ('43', 'Кировская область', 'kirovskaya-oblast', 'ПФО'),
    ('44', 'Костромская область', 'kostromskaya-oblast', 'ЦФО'),
    ('45', 'Курганская область', 'kurganskaya-oblast', 'УФО'),
    ('46', 'Курская область', 'kurskaya-oblast', 'ЦФО'),
    ('47', 'Ленинградская область', 'leningradskaya-oblast', 'СЗФО'),
    ('48', 'Липецкая область', 'lipetskaya-oblast', 'ЦФО'),
    ('49', 'Магаданская область', 'magadanskaya-oblast', 'ДФО'),
    ('50', 'Московская область', 'moskovskaya-oblast', 'ЦФО'),
    ('51', 'Мурманская область', 'murmanskaya-oblast', 'СЗФО'),
    ('52', 'Нижегородская область', 'nizhegorodskaya-oblast', 'ПФО'),
    ('53', 'Новгородская область', 'novgorodskaya-oblast', 'СЗФО'),
    ('54', 'Новосибирская область', 'novosibirskaya-oblast', 'СФО'),
    ('55', 'Омская область', 'omskaya-oblast', 'СФО'),
    ('56', 'Оренбургская область', 'orenburgskaya-oblast', 'ПФО'),
    ('57', 'Орловская область', 'orlovskaya-oblast', 'ЦФО'),
    ('58', 'Пензенская область', 'penzenskaya-oblast', 'ПФО'),
    ('59', 'Пермский край', 'permskiy-kray', 'ПФО'),
    ('60', 'Псковская область', 'pskovskaya-oblast', 'СЗФО'),
    ('61', 'Ростовская область', 'rostovskaya-oblast', 'ЮФО'),
    ('62', 'Рязанская область', 'ryazanskaya-oblast', 'ЦФО'),
    ('63', 'Самарская область', 'samarskaya-oblast', 'ПФО'),
    ('64', 'Саратовская область', 'saratovskaya-oblast', 'ПФО'),
    ('65', 'Сахалинская область', 'sakhalinskaya-oblast', 'ДФО'),
    ('66', 'Свердловская область', 'sverdlovskaya-oblast', 'УФО'),
    ('67', 'Смоленская область', 'smolenskaya-oblast', 'ЦФО'),
    ('68', 'Тамбовская область', 'tambovskaya-oblast', 'ЦФО'),
    ('69', 'Тверская область', 'tverskaya-oblast', 'ЦФО'),
    ('70', 'Томская область', 'tomskaya-oblast', 'СФО'),
    ('71', 'Тульская область', 'tulskaya-oblast', 'ЦФО'),
    ('72', 'Тюменская область', 'tyumenskaya-oblast', 'УФО'),
    ('73', 'Ульяновская область', 'ulyanovskaya-oblast', 'ПФО'),
    ('74', 'Челябинская область', 'chelyabinskaya-oblast', 'УФО'),
    ('75', 'Забайкальский край', 'zabaykalskiy-kray', 'ДФО'),
    ('76', 'Ярославская область', 'yaroslavskaya-oblast', 'ЦФО'),
    ('77', 'Москва', 'moskva', 'ЦФО'),
    ('78', 'Санкт-Петербург', 'sankt-peterburg', 'СЗФО'),
    ('79', 'Еврейская автономная область', 'evreyskaya-avtonomnaya-oblast', 'ДФО'),
    ('83', 'Ненецкий автономный округ', 'nenetskiy-avtonomnyy-okrug', 'СЗФО'),
    ('86', 'Ханты-Мансийский автономный округ — Югра', 'khanty-mansiyskiy-avtonomnyy-okrug-yugra', 'УФО'),
    ('87', 'Чукотский автономный округ', 'chukotskiy-avtonomnyy-okrug', 'ДФО'),
    ('89', 'Ямало-Ненецкий автономный округ', 'yamalo-nenetskiy-avtonomnyy-okrug', 'УФО'),
    ('91', 'Республика Крым', 'krym', 'ЮФО'),
    ('92', 'Севастополь', 'sevastopol', 'ЮФО'),
    ('93', 'Донецкая Народная Республика', 'donetskaya-narodnaya-respublika', ''),
    ('94', 'Луганская Народная Республика', 'luganskaya-narodnaya-respublika', ''),
    ('90', 'Запорожская область', 'zaporozhskaya-oblast', ''),
    ('95', 'Херсонская область', 'khersonskaya-oblast', ''),
]


def seed(apps, schema_editor):
    FederalDistrict = apps.get_model("regions", "FederalDistrict")
    Region = apps.get_model("regions", "Region")
    districts = {}
    for short, name, order in FEDERAL_DISTRICTS:
        districts[short], _ = FederalDistrict.objects.update_or_create(
            short_name=short, defaults={"name": name, "order": order}
        )
    for code, name, slug, short in REGIONS:
        # Free the name/slug if a stray row with another code holds it (a test factory in a bare DB).
        stray = Region.objects.exclude(code=code)
        for row in stray.filter(slug=slug) | stray.filter(name=name):
            row.slug, row.name = f"{row.slug}-{row.code}", f"{row.name} ({row.code})"
            row.save(update_fields=["slug", "name"])
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "slug": slug,
                "federal_district": districts.get(short),
                "admitted_2022": not short,
            },
        )


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0003_coordinators_and_teams"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
