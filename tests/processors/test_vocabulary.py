"""The vocabulary: which field a label asks for, in 18 languages, and the rules that read it."""
import pytest

from svit_appliance.processors import vocabulary
from svit_appliance.processors.common import label_kind as common_label_kind
from svit_appliance.processors.vocabulary import (
    FAMILY_NAME_FIRST,
    NAME_OR_PART,
    VOCABULARY,
    family_name_first,
    key_kind,
    label_kind,
    label_match,
    normalise,
    resolve_name_parts,
    words,
)

NAME, FIRST, LAST, EMAIL, PHONE, COMPANY, MESSAGE = (
    "name", "first_name", "last_name", "email", "phone", "company", "message")

# (language, label, what a lone label asks for)
LABELS = [
    ("en", "Full name", NAME), ("en", "What's your name?", NAME), ("en", "First name", FIRST),
    ("en", "Surname", LAST), ("en", "Work email", EMAIL), ("en", "Mobile number", PHONE),
    ("en", "Which company do you work for?", COMPANY), ("en", "Your message", MESSAGE),
    ("en", "Company size", None), ("en", "Product name", None), ("en", "Middle name", None),
    ("en", "First and last name", NAME), ("en", "WhatsApp", PHONE), ("en", "Name (required)", NAME),

    ("es", "Nombre y apellidos", NAME), ("es", "Nombre", NAME), ("es", "Apellidos", LAST),
    ("es", "Apellido", LAST), ("es", "Correo electrónico", EMAIL), ("es", "Teléfono", PHONE),
    ("es", "Nombre de la empresa", COMPANY), ("es", "Mensaje", MESSAGE), ("es", "Tamaño de la empresa", None),
    ("es", "Segundo nombre", None),

    ("pt", "Nome completo", NAME), ("pt", "Nome", NAME), ("pt", "Sobrenome", LAST),
    ("pt", "Apelido", LAST), ("pt", "E-mail", EMAIL), ("pt", "Telemóvel", PHONE), ("pt", "Celular", PHONE),
    ("pt", "Nome da empresa", COMPANY), ("pt", "Mensagem", MESSAGE),

    ("fr", "Prénom", FIRST), ("fr", "Nom", NAME), ("fr", "Nom de famille", LAST), ("fr", "Nom et prénom", NAME),
    ("fr", "Courriel", EMAIL), ("fr", "Téléphone portable", PHONE), ("fr", "Nom de l'entreprise", COMPANY),
    ("fr", "Société", COMPANY), ("fr", "Votre message", MESSAGE), ("fr", "Nom du produit", None),

    ("de", "Vorname", FIRST), ("de", "Nachname", LAST), ("de", "Name", NAME), ("de", "Vor- und Nachname", NAME),
    ("de", "E-Mail-Adresse", EMAIL), ("de", "Telefonnummer", PHONE), ("de", "Mobiltelefon", PHONE),
    ("de", "Firmenname", COMPANY), ("de", "Ihre Nachricht", MESSAGE),

    ("it", "Nome", NAME), ("it", "Cognome", LAST), ("it", "Nome e cognome", NAME), ("it", "Indirizzo email", EMAIL),
    ("it", "Cellulare", PHONE), ("it", "Nome dell'azienda", COMPANY), ("it", "Ragione sociale", COMPANY),
    ("it", "Messaggio", MESSAGE),

    ("nl", "Voornaam", FIRST), ("nl", "Achternaam", LAST), ("nl", "Naam", NAME), ("nl", "Volledige naam", NAME),
    ("nl", "E-mailadres", EMAIL), ("nl", "Telefoonnummer", PHONE), ("nl", "Bedrijfsnaam", COMPANY),
    ("nl", "Bericht", MESSAGE), ("nl", "Tussenvoegsel", None),

    ("pl", "Imię", NAME), ("pl", "Nazwisko", LAST), ("pl", "Imię i nazwisko", NAME), ("pl", "Adres e-mail", EMAIL),
    ("pl", "Numer telefonu", PHONE), ("pl", "Nazwa firmy", COMPANY), ("pl", "Wiadomość", MESSAGE),

    ("uk", "Ім'я та прізвище", NAME), ("uk", "Ім’я та прізвище", NAME), ("uk", "Ім'я", NAME), ("uk", "Ім’я", NAME),
    ("uk", "ІМʼЯ", NAME), ("uk", "Прізвище", LAST), ("uk", "ПІБ", NAME), ("uk", "Електронна пошта", EMAIL),
    ("uk", "Номер телефону", PHONE), ("uk", "Назва компанії", COMPANY), ("uk", "Повідомлення", MESSAGE),
    ("uk", "По батькові", None), ("uk", "Ім'я по батькові", None),

    ("ru", "Имя", NAME), ("ru", "Фамилия", LAST), ("ru", "Отчество", None), ("ru", "ФИО", NAME), ("ru", "Ф.И.О.", NAME),
    ("ru", "Фамилия, имя, отчество", NAME), ("ru", "Как вас зовут?", NAME), ("ru", "Введите ваше имя", NAME),
    ("ru", "Электронная почта", EMAIL), ("ru", "Номер телефона", PHONE), ("ru", "Название компании", COMPANY),
    ("ru", "Сообщение", MESSAGE),

    ("tr", "Ad Soyad", NAME), ("tr", "Adınız Soyadınız", NAME), ("tr", "AD SOYAD", NAME), ("tr", "Soyadı", LAST),
    ("tr", "İsim", NAME), ("tr", "E-posta", EMAIL), ("tr", "Telefon", PHONE), ("tr", "Cep telefonu", PHONE),
    ("tr", "Şirket", COMPANY), ("tr", "ŞİRKET ADI", COMPANY), ("tr", "Mesajınız", MESSAGE),

    ("vi", "Họ và tên", NAME), ("vi", "Tên của bạn", NAME), ("vi", "Họ tên", NAME), ("vi", "Họ", LAST),
    ("vi", "Tên", NAME), ("vi", "Số điện thoại", PHONE), ("vi", "Địa chỉ email", EMAIL), ("vi", "Tên công ty", COMPANY),
    ("vi", "Tin nhắn", MESSAGE), ("vi", "Ho va ten", NAME),

    ("id", "Nama lengkap", NAME), ("id", "Nama", NAME), ("id", "Nama depan", FIRST), ("id", "Nama belakang", LAST),
    ("id", "Alamat email", EMAIL), ("id", "Nomor HP", PHONE), ("id", "Nomor WhatsApp", PHONE),
    ("id", "Nama perusahaan", COMPANY), ("id", "Pesan", MESSAGE),

    ("ja", "氏名", NAME), ("ja", "お名前", NAME), ("ja", "お名前を入力してください", NAME), ("ja", "姓", LAST),
    ("ja", "名", FIRST), ("ja", "お名前（姓）", LAST), ("ja", "お名前（名）", FIRST), ("ja", "メールアドレス", EMAIL),
    ("ja", "電話番号", PHONE), ("ja", "会社名", COMPANY), ("ja", "お問い合わせ内容", MESSAGE), ("ja", "件名", None),
    ("ja", "商品名", None), ("ja", "部署名", None), ("ja", "お名前（フリガナ）", None), ("ja", "セイ", None),

    ("zh", "姓名", NAME), ("zh", "名字", NAME), ("zh", "姓", LAST), ("zh", "名", FIRST), ("zh", "姓氏", LAST),
    ("zh", "电子邮件", EMAIL), ("zh", "邮箱", EMAIL), ("zh", "電子郵件", EMAIL), ("zh", "手机", PHONE),
    ("zh", "电话", PHONE), ("zh", "联系电话", PHONE), ("zh", "公司", COMPANY), ("zh", "公司名称", COMPANY),
    ("zh", "公司邮箱", EMAIL), ("zh", "留言", MESSAGE), ("zh", "消息", MESSAGE), ("zh", "姓名拼音", None),

    ("ko", "이름", NAME), ("ko", "성", LAST), ("ko", "성명", NAME), ("ko", "성함", NAME), ("ko", "이메일", EMAIL),
    ("ko", "전화번호", PHONE), ("ko", "휴대폰", PHONE), ("ko", "회사", COMPANY), ("ko", "회사명", COMPANY),
    ("ko", "메시지", MESSAGE), ("ko", "문의 내용", MESSAGE), ("ko", "성별", None),

    ("ar", "الاسم", NAME), ("ar", "الاسم الأول", FIRST), ("ar", "الإسم الأول", FIRST), ("ar", "اسم العائلة", LAST),
    ("ar", "الاسم الكامل", NAME), ("ar", "البريد الإلكتروني", EMAIL), ("ar", "البريد الالكتروني", EMAIL),
    ("ar", "الهاتف", PHONE), ("ar", "الجوال", PHONE), ("ar", "رقم الجوال", PHONE), ("ar", "الشركة", COMPANY),
    ("ar", "اسم الشركة", COMPANY), ("ar", "رسالة", MESSAGE), ("ar", "رساله", MESSAGE),

    ("hi", "नाम", NAME), ("hi", "पूरा नाम", NAME), ("hi", "पहला नाम", FIRST), ("hi", "उपनाम", LAST),
    ("hi", "ईमेल", EMAIL), ("hi", "ई-मेल", EMAIL), ("hi", "फ़ोन", PHONE), ("hi", "फोन नंबर", PHONE),
    ("hi", "मोबाइल", PHONE), ("hi", "कंपनी", COMPANY), ("hi", "कंपनी का नाम", COMPANY), ("hi", "संदेश", MESSAGE),
]


@pytest.mark.parametrize("language, label, kind", LABELS, ids=[f"{lang}:{label}" for lang, label, _ in LABELS])
def test_it_reads_what_a_label_asks_for(language, label, kind):
    assert label_kind(label) == kind


def test_it_has_at_least_five_labels_per_language():
    counts = {language: 0 for language in VOCABULARY}
    for language, _, _ in LABELS:
        counts[language] += 1
    assert len(VOCABULARY) == 18
    assert min(counts.values()) >= 5, counts


# (labels of one form, the kind of each once read together)
FORMS = [
    (["Prénom", "Nom"], [FIRST, LAST]),
    (["Nom", "E-mail"], [NAME, EMAIL]),
    (["Nombre", "Apellidos"], [FIRST, LAST]),
    (["Nombre y apellidos", "Apellidos"], [NAME, LAST]),
    (["Ім'я", "Прізвище"], [FIRST, LAST]),
    (["Прізвище", "Ім'я", "По батькові"], [LAST, FIRST, None]),
    (["Фамилия", "Имя", "Отчество"], [LAST, FIRST, None]),
    (["Vorname", "Name"], [FIRST, LAST]),
    (["Name", "Surname"], [FIRST, LAST]),
    (["Name", "First name", "Last name"], [NAME, FIRST, LAST]),
    (["Naam", "Voornaam"], [LAST, FIRST]),
    (["Imię", "Nazwisko"], [FIRST, LAST]),
    (["Nome", "Cognome"], [FIRST, LAST]),
    (["Nome", "Apelido"], [FIRST, LAST]),
    (["Họ", "Tên"], [LAST, FIRST]),
    (["Tên của bạn", "Email"], [NAME, EMAIL]),
    (["Ad", "Soyad"], [FIRST, LAST]),
    (["이름", "성"], [FIRST, LAST]),
    (["الاسم", "اسم العائلة"], [FIRST, LAST]),
    (["नाम", "उपनाम"], [FIRST, LAST]),
    (["Nama", "Nama belakang"], [FIRST, LAST]),
]


@pytest.mark.parametrize("labels, kinds", FORMS, ids=[" + ".join(labels) for labels, _ in FORMS])
def test_it_reads_a_word_for_the_name_or_its_half_by_its_neighbours(labels, kinds):
    matches = [label_match(label) for label in labels]
    assert resolve_name_parts(match.field if match else None for match in matches) == kinds


@pytest.mark.parametrize(
    "label, first",
    [("姓", True), ("お名前（姓）", True), ("Họ", True), ("성", True), ("Last name", False), ("Фамилия", False),
     ("Nom", False), (None, False)],
)
def test_it_knows_which_forms_write_the_family_name_first(label, first):
    assert family_name_first(label) is first


@pytest.mark.parametrize(
    "key, kind",
    [("Имя", NAME), ("Телефон", PHONE), ("correo", EMAIL), ("nombre", NAME), ("empresa", COMPANY), ("お名前", NAME),
     ("姓", LAST), ("e-posta", EMAIL), ("full_name", NAME), ("Message", None), ("ad", None), ("hp", None),
     ("Company size", None), ("nom", NAME)],
)
def test_it_reads_a_key_only_when_it_is_a_phrase_word_for_word(key, kind):
    assert key_kind(key) == kind


@pytest.mark.parametrize(
    "raw, normalised",
    [("Ім’я", "ім'я"), ("ІМʼЯ", "ім'я"), ("İSİM", "isim"), ("Adınız", "adiniz"), ("ＥＭＡＩＬ", "email"),
     ("الإيميل", "الايميل"), ("رسالة", "رساله"), ("firstName", "first name"), ("\u200fالاسم", "الاسم")],
)
def test_it_normalises_before_comparing(raw, normalised):
    assert normalise(raw) == normalised


@pytest.mark.parametrize(
    "text, expected",
    [("l'entreprise", ["l", "entreprise"]), ("what's", ["what", "s"]), ("ім'я та прізвище", ["ім'я", "та", "прізвище"]),
     ("फ़ोन नंबर", ["फ़ोन", "नंबर"]), ("số điện thoại", ["số", "điện", "thoại"]), ("e-mail", ["e", "mail"])],
)
def test_it_splits_words_keeping_marks_and_cyrillic_apostrophes(text, expected):
    assert words(normalise(text)) == expected


def test_its_table_names_only_known_fields_and_no_phrase_twice():
    known = {*vocabulary.FIELDS, NAME_OR_PART, vocabulary.FILLER, vocabulary.NEVER}
    fields_by_phrase = {}
    for table in VOCABULARY.values():
        assert set(table) <= known
        for field, phrases in table.items():
            if field in (vocabulary.FILLER, vocabulary.NEVER):
                continue
            for phrase in phrases:
                compiled = vocabulary._compile(field, "", phrase)
                fields_by_phrase.setdefault((compiled.mode == "glob", compiled.compact), set()).add(field)
    assert {phrase: fields for phrase, fields in fields_by_phrase.items() if len(fields) > 1} == {}


def test_its_family_first_languages_are_in_the_table():
    assert set(FAMILY_NAME_FIRST) <= set(VOCABULARY)


# English labels and what common.label_kind read before the vocabulary: the drop-in keeps them.
ENGLISH_BEFORE = [
    ("Name", NAME), ("Full name", NAME), ("Your name", NAME), ("What's your name?", NAME), ("Hi! What's your name?", NAME),
    ("First name", FIRST), ("Last name", LAST), ("firstName", FIRST), ("last_name", LAST), ("What's your *first name*?", FIRST),
    ("And your last name, …?", LAST), ("Email", EMAIL), ("E-mail address", EMAIL), ("What's your **email**?", EMAIL),
    ("Email me the newsletter", EMAIL), ("Work email", EMAIL), ("Invoice email", EMAIL), ("Phone", PHONE),
    ("Phone number", PHONE), ("Tel", PHONE), ("Mobile", PHONE), ("Cell phone", PHONE), ("Best number to reach you on", None),
    ("Company", COMPANY), ("Company name", COMPANY), ("Which company do you work for?", COMPANY), ("Organisation", COMPANY),
    ("Company size", None), ("Company website", None), ("Company type", None), ("Product name", None),
    ("Username", None), ("Emergency contact", None), ("Where are you based?", None), ("How many seats?", None),
    ("Team size", None), ("Budget", None), ("utm_source", None), ("Job title", None), ("Website", None),
]


@pytest.mark.parametrize("label, kind", ENGLISH_BEFORE, ids=[label for label, _ in ENGLISH_BEFORE])
def test_it_keeps_the_english_readings_of_the_former_label_kind(label, kind):
    assert common_label_kind(label) == kind


# Where the reading changed on purpose (the former reading, then the new one).
ENGLISH_CHANGED = [
    ("First and last name", LAST, NAME),   # "lastname" was found inside "firstandlastname"
    ("Name and surname", LAST, NAME),
    ("Name (required)", None, NAME),       # brackets no longer hide the label
    ("Company name (optional)", None, COMPANY),
    ("WhatsApp", None, PHONE),             # "Whats App" once split
    ("Contact person", None, NAME),
    ("Their first name", FIRST, None),     # someone else's name (referral forms)
    ("Message", None, MESSAGE),            # the new kind: kept as an attribute, never a person field
]


@pytest.mark.parametrize("label, before, now", ENGLISH_CHANGED, ids=[label for label, _, _ in ENGLISH_CHANGED])
def test_it_changes_only_these_english_readings(label, before, now):
    assert common_label_kind(label) == now != before
