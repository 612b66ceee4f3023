"""The vocabulary as data: which words ask for which person field, in 18 languages.

``vocabulary.py`` holds the few rules that read this table.

``VOCABULARY`` is the data: for each language (ISO 639-1 code) the words and phrases that
ask for each field. Everything else in this module only reads it, so a translator can add a
language or a missing word without reading code. How a phrase matches depends on how it is
written:

- ``"first name"``: these words, in this order, as whole words of the label. Written
  together or apart they match alike: "first name" matches "First Name", "firstName",
  "first_name" and "firstname"; "e-mail" matches "E-Mail", "e mail" and "email".
- ``"*phone*"``: a wildcard pattern matched against single words, for compounds:
  "*telefon*" matches "Telefonnummer" and "Mobiltelefon".
- ``"=姓"``: the whole label must be this (brackets and punctuation aside). For one-letter
  words that other words contain: 姓 is in 姓名, 성 in 성별 (gender).
- Phrases in Chinese, Japanese or Korean script match anywhere in the label, spaces
  ignored: those languages write words without spaces ("お名前を入力してください").

Besides the person fields, each language may list:

- ``name_or_part``: words that mean "name" alone but one half of it next to the other half:
  French "Nom" is the name, but beside "Prénom" it is the last name; Spanish "Nombre" is
  the name, but beside "Apellidos" it is the first name. ``resolve_name_parts`` decides.
- ``filler``: the words a question wraps around what it asks ("What is your ...",
  "Введите ваше ..."). A label asks for a name or a company only if all its other words
  are filler (or name another field): "Company size" or "Product name" ask for neither.
- ``never``: words that make a label ask for something else, whatever else it says
  (Japanese フリガナ: the reading of the name, not the name).

Labels are compared after NFKC normalisation and case folding, with the apostrophes
' ’ ʼ ‘ ` ´ taken as one, Arabic letter variants unified and Turkish dotted and dotless i
taken as i.
"""

NAME, FIRST_NAME, LAST_NAME = "name", "first_name", "last_name"
EMAIL, PHONE, COMPANY, MESSAGE = "email", "phone", "company", "message"
NAME_OR_PART = "name_or_part"
FILLER, NEVER = "filler", "never"

#: The fields a label can ask for (``message`` is not a person field: it stays an attribute).
FIELDS = (NAME, FIRST_NAME, LAST_NAME, EMAIL, PHONE, COMPANY, MESSAGE)

# Languages that write the family name first: a full name joined from its parts follows them.
FAMILY_NAME_FIRST = ("ja", "zh", "ko", "vi")

VOCABULARY: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        NAME: ("full name", "complete name", "legal name", "full legal name", "first and last name",
               "first & last name", "name and surname", "name & surname", "contact person",
               "your name and surname"),
        NAME_OR_PART: ("name",),
        FIRST_NAME: ("first name", "given name", "christian name", "*firstname*", "*givenname*",
                     "*forename*"),
        LAST_NAME: ("last name", "family name", "*lastname*", "*surname*", "*familyname*"),
        EMAIL: ("*email*", "e-mail", "mail address", "e-mail address"),
        PHONE: ("*phone*", "tel", "mobile", "mobile number", "cell", "cell number", "whatsapp",
                "contact number"),
        COMPANY: ("*company*", "*organization*", "*organisation*", "*employer*", "business name",
                  "company name"),
        MESSAGE: ("message", "your message", "comment", "comments", "enquiry", "inquiry",
                  "how can we help", "how can we help you", "tell us more", "questions"),
        FILLER: ("what", "whats", "s", "is", "are", "your", "my", "the", "a", "an", "and", "of", "do",
                 "you", "for", "at", "please", "enter", "here", "called", "work", "us", "tell", "can",
                 "we", "may", "have", "i", "me", "to", "in", "it", "thanks", "thank", "hi", "hello",
                 "who", "ok", "okay", "great", "let", "know", "first", "then", "now", "full",
                 "complete", "legal", "contact", "which", "provide", "below", "required",
                 "optional"),
    },
    "es": {
        NAME: ("nombre completo", "nombre y apellido", "nombre y apellidos", "nombres y apellidos",
               "apellidos y nombre", "apellidos y nombres", "apellido y nombre", "tu nombre completo"),
        NAME_OR_PART: ("nombre", "nombres"),
        FIRST_NAME: ("primer nombre", "nombre de pila"),
        LAST_NAME: ("apellido", "apellidos", "primer apellido", "segundo apellido", "apellido paterno",
                    "apellido materno"),
        EMAIL: ("correo", "correo electrónico", "correo electronico", "dirección de correo",
                "dirección de correo electrónico", "email", "e-mail"),
        PHONE: ("teléfono", "telefono", "celular", "móvil", "movil", "número de teléfono",
                "número de celular", "tel", "whatsapp"),
        COMPANY: ("empresa", "compañía", "compania", "nombre de la empresa", "organización",
                  "organizacion", "razón social", "razon social", "negocio"),
        MESSAGE: ("mensaje", "tu mensaje", "comentario", "comentarios", "consulta",
                  "en qué podemos ayudarte"),
        FILLER: ("tu", "tus", "su", "sus", "el", "la", "los", "las", "de", "del", "por", "favor",
                 "escribe", "introduce", "ingresa", "indica", "cuál", "cual", "es", "completo",
                 "completa", "aquí", "y", "e", "tú", "usted"),
    },
    "pt": {
        NAME: ("nome completo", "nome e sobrenome", "nome e apelido", "nome e apelidos"),
        NAME_OR_PART: ("nome",),
        FIRST_NAME: ("primeiro nome", "nome próprio", "prenome"),
        # pt-PT: "Apelido" is the family name (in pt-BR it is a nickname: see NOTES).
        LAST_NAME: ("sobrenome", "último nome", "ultimo nome", "apelido", "apelidos"),
        EMAIL: ("e-mail", "email", "endereço de e-mail", "endereço de email", "correio eletrónico",
                "correio eletrônico", "correio electrónico"),
        PHONE: ("telefone", "telemóvel", "telemovel", "celular", "número de telefone",
                "número de celular", "whatsapp", "tel"),
        COMPANY: ("empresa", "nome da empresa", "companhia", "organização", "organizacao"),
        MESSAGE: ("mensagem", "sua mensagem", "comentários", "comentarios", "observações",
                  "observacoes"),
        FILLER: ("seu", "sua", "teu", "tua", "o", "a", "os", "as", "de", "do", "da", "dos", "das",
                 "por", "favor", "digite", "informe", "insira", "qual", "é", "e", "aqui", "completo"),
    },
    "fr": {
        NAME: ("nom complet", "nom et prénom", "nom prénom", "prénom et nom", "prénom nom",
               "nom & prénom", "prénom & nom", "nom et prénoms"),
        # Alone "Nom" is the name; beside "Prénom" it is the last name (resolve_name_parts).
        NAME_OR_PART: ("nom",),
        FIRST_NAME: ("prénom", "prenom", "prénoms"),
        LAST_NAME: ("nom de famille", "nom de naissance"),
        EMAIL: ("e-mail", "email", "courriel", "mail", "adresse e-mail", "adresse email",
                "adresse mail", "adresse électronique", "adresse electronique"),
        PHONE: ("téléphone", "telephone", "tél", "tel", "numéro de téléphone", "portable",
                "numéro de portable", "mobile", "gsm"),
        COMPANY: ("entreprise", "société", "societe", "nom de l'entreprise", "nom de la société",
                  "raison sociale", "organisation", "organisme"),
        MESSAGE: ("message", "votre message", "commentaire", "commentaires", "demande",
                  "votre demande"),
        FILLER: ("votre", "vos", "ton", "ta", "tes", "le", "la", "les", "l", "de", "du", "des", "d",
                 "et", "vous", "plaît", "plait", "s", "il", "saisissez", "entrez", "indiquez", "quel",
                 "quelle", "est", "ici", "merci"),
    },
    "de": {
        NAME: ("vollständiger name", "vor- und nachname", "vor und nachname", "vorname und nachname",
               "vorname nachname", "name, vorname", "nachname, vorname", "nachname und vorname"),
        NAME_OR_PART: ("name",),
        FIRST_NAME: ("vorname", "rufname"),
        LAST_NAME: ("nachname", "familienname", "zuname"),
        EMAIL: ("e-mail", "email", "e-mail-adresse", "email-adresse", "mailadresse"),
        PHONE: ("*telefon*", "handy", "handynummer", "mobil", "mobilnummer", "rufnummer", "tel"),
        COMPANY: ("firma", "unternehmen", "firmenname", "unternehmensname", "organisation",
                  "betrieb", "arbeitgeber"),
        MESSAGE: ("nachricht", "ihre nachricht", "deine nachricht", "mitteilung", "anliegen",
                  "kommentar", "anmerkungen", "bemerkung"),
        FILLER: ("ihr", "ihre", "ihren", "dein", "deine", "deinen", "bitte", "geben", "sie", "an",
                 "ein", "eine", "der", "die", "das", "des", "und", "wie", "lautet", "ist",
                 "vollständiger", "vollständige", "vollständigen", "hier", "eingeben"),
    },
    "it": {
        NAME: ("nome e cognome", "cognome e nome", "nome completo", "nominativo"),
        NAME_OR_PART: ("nome",),
        FIRST_NAME: ("primo nome",),
        LAST_NAME: ("cognome",),
        EMAIL: ("email", "e-mail", "indirizzo email", "indirizzo e-mail", "posta elettronica"),
        PHONE: ("telefono", "cellulare", "numero di telefono", "numero di cellulare", "cell", "tel",
                "recapito telefonico"),
        COMPANY: ("azienda", "società", "societa", "nome azienda", "nome dell'azienda",
                  "ragione sociale", "ditta", "impresa"),
        MESSAGE: ("messaggio", "il tuo messaggio", "commenti", "note", "richiesta"),
        FILLER: ("il", "lo", "la", "i", "gli", "le", "l", "tuo", "tua", "suo", "sua", "vostro",
                 "vostra", "di", "del", "della", "dell", "e", "per", "favore", "inserisci",
                 "inserire", "indica", "qual", "è", "qui"),
    },
    "nl": {
        NAME: ("volledige naam", "voor- en achternaam", "voornaam en achternaam", "naam en achternaam"),
        NAME_OR_PART: ("naam",),
        FIRST_NAME: ("voornaam", "roepnaam"),
        LAST_NAME: ("achternaam", "familienaam"),
        EMAIL: ("e-mail", "email", "e-mailadres", "emailadres", "mailadres"),
        PHONE: ("*telefoon*", "mobiel", "mobiel nummer", "mobiele nummer", "gsm", "tel"),
        COMPANY: ("bedrijf", "bedrijfsnaam", "organisatie", "onderneming", "firma"),
        MESSAGE: ("bericht", "uw bericht", "je bericht", "opmerking", "opmerkingen", "vraag",
                  "uw vraag"),
        FILLER: ("uw", "je", "jouw", "de", "het", "een", "van", "en", "vul", "in", "hier", "wat", "is"),
    },
    "pl": {
        NAME: ("imię i nazwisko", "imie i nazwisko", "nazwisko i imię", "imię nazwisko",
               "pełne imię i nazwisko"),
        # "Imię" is the given name, but a lone "Imię" field mostly receives the full name.
        NAME_OR_PART: ("imię", "imie"),
        FIRST_NAME: ("pierwsze imię",),
        LAST_NAME: ("nazwisko",),
        EMAIL: ("e-mail", "email", "adres e-mail", "adres email", "adres mailowy", "poczta", "mail"),
        PHONE: ("telefon", "numer telefonu", "nr telefonu", "nr tel", "tel", "komórka",
                "telefon komórkowy"),
        COMPANY: ("firma", "nazwa firmy", "przedsiębiorstwo", "organizacja", "nazwa organizacji"),
        MESSAGE: ("wiadomość", "wiadomosc", "treść wiadomości", "twoja wiadomość", "komentarz",
                  "uwagi", "pytanie"),
        FILLER: ("twoje", "twój", "twoja", "pana", "pani", "wpisz", "podaj", "proszę", "i", "oraz",
                 "jak", "się", "nazywasz", "jest"),
    },
    "uk": {
        NAME: ("ім'я та прізвище", "ім'я і прізвище", "ім'я й прізвище", "прізвище та ім'я",
               "прізвище і ім'я", "прізвище ім'я", "прізвище, ім'я, по батькові", "піб",
               "повне ім'я"),
        NAME_OR_PART: ("ім'я", "імя"),
        LAST_NAME: ("прізвище",),
        EMAIL: ("електронна пошта", "ел. пошта", "пошта", "електронна адреса",
                "адреса електронної пошти", "емейл", "імейл", "email", "e-mail"),
        PHONE: ("телефон", "номер телефону", "мобільний", "мобільний телефон", "тел",
                "контактний телефон"),
        COMPANY: ("компанія", "назва компанії", "організація", "підприємство", "фірма"),
        MESSAGE: ("повідомлення", "ваше повідомлення", "коментар", "питання", "запитання"),
        FILLER: ("ваше", "ваш", "ваша", "вашого", "вкажіть", "введіть", "будь", "ласка", "та", "і",
                 "й", "як", "вас", "звати"),
    },
    "ru": {
        NAME: ("фио", "имя и фамилия", "фамилия и имя", "фамилия имя", "имя фамилия",
               "фамилия, имя, отчество", "полное имя", "как вас зовут", "контактное лицо"),
        NAME_OR_PART: ("имя",),
        # Given name and patronymic, asked beside "Фамилия": the part before the family name.
        FIRST_NAME: ("имя и отчество", "имя отчество"),
        LAST_NAME: ("фамилия",),
        EMAIL: ("электронная почта", "эл. почта", "почта", "адрес электронной почты",
                "электронный адрес", "емейл", "имейл", "email", "e-mail"),
        PHONE: ("телефон", "номер телефона", "мобильный", "мобильный телефон", "тел",
                "контактный телефон", "сотовый"),
        COMPANY: ("компания", "название компании", "организация", "название организации", "фирма",
                  "предприятие"),
        MESSAGE: ("сообщение", "ваше сообщение", "комментарий", "вопрос", "ваш вопрос"),
        FILLER: ("ваше", "ваш", "ваша", "вашей", "ваши", "укажите", "введите", "пожалуйста", "и"),
    },
    "tr": {
        NAME: ("ad soyad", "adı soyadı", "ad soyadı", "adınız soyadınız", "ad ve soyad",
               "isim soyisim", "isim soyad", "adsoyad", "tam ad", "tam adınız"),
        NAME_OR_PART: ("ad", "adı", "adınız", "isim", "isminiz"),
        LAST_NAME: ("soyad", "soyadı", "soyadınız", "soyisim", "soyisminiz"),
        EMAIL: ("e-posta", "e-posta adresi", "e-posta adresiniz", "email", "e-mail", "mail"),
        PHONE: ("telefon", "telefon numarası", "telefon numaranız", "cep telefonu", "cep", "gsm",
                "telefonunuz"),
        COMPANY: ("şirket", "şirket adı", "şirketiniz", "sirket", "sirket adi", "firma", "firma adı", "kurum",
                  "kurum adı"),
        MESSAGE: ("mesaj", "mesajınız", "yorum", "açıklama"),
        FILLER: ("lütfen", "giriniz", "girin", "yazınız", "sizin", "ve", "nedir"),
    },
    "vi": {
        NAME: ("họ và tên", "họ tên", "họ & tên", "tên đầy đủ", "ho va ten", "ho ten"),
        # "Tên của bạn" (your name) is the name; beside "Họ" (family name) "Tên" is the given name.
        NAME_OR_PART: ("tên",),
        FIRST_NAME: ("tên riêng", "tên gọi"),
        LAST_NAME: ("họ",),
        EMAIL: ("email", "e-mail", "địa chỉ email", "thư điện tử", "dia chi email"),
        PHONE: ("số điện thoại", "điện thoại", "sđt", "sdt", "so dien thoai", "dien thoai",
                "di động", "số di động", "zalo"),
        COMPANY: ("công ty", "tên công ty", "doanh nghiệp", "tổ chức", "cong ty"),
        MESSAGE: ("tin nhắn", "lời nhắn", "nội dung", "ghi chú", "nội dung tin nhắn", "tin nhan"),
        FILLER: ("của", "bạn", "quý", "khách", "vui", "lòng", "nhập", "anh", "chị", "và", "là", "gì"),
    },
    "id": {
        NAME: ("nama lengkap",),
        NAME_OR_PART: ("nama",),
        FIRST_NAME: ("nama depan",),
        LAST_NAME: ("nama belakang", "nama keluarga"),
        EMAIL: ("email", "e-mail", "alamat email", "alamat e-mail", "surel", "surat elektronik"),
        PHONE: ("telepon", "nomor telepon", "no telepon", "no. telepon", "nomor hp", "no hp", "hp",
                "handphone", "nomor whatsapp", "no wa", "wa", "whatsapp"),
        COMPANY: ("perusahaan", "nama perusahaan", "instansi", "nama instansi", "organisasi"),
        MESSAGE: ("pesan", "pesan anda", "komentar", "pertanyaan", "keterangan"),
        FILLER: ("anda", "kamu", "silakan", "masukkan", "isi", "tulis", "dan", "siapa", "adalah"),
    },
    "ja": {
        NAME: ("氏名", "お名前", "名前", "御名前", "おなまえ", "フルネーム", "ご氏名", "担当者名",
               "ご担当者名", "ご担当者様名"),
        FIRST_NAME: ("=名", "下の名前", "ファーストネーム"),
        LAST_NAME: ("=姓", "苗字", "ラストネーム"),
        EMAIL: ("メールアドレス", "メール", "eメール", "電子メール", "メアド"),
        PHONE: ("電話番号", "電話", "携帯電話", "携帯番号", "携帯", "ご連絡先"),
        COMPANY: ("会社名", "貴社名", "御社名", "企業名", "法人名", "団体名", "組織名", "会社",
                  "所属", "勤務先"),
        MESSAGE: ("メッセージ", "お問い合わせ内容", "お問合せ内容", "問い合わせ内容", "ご質問",
                  "ご用件", "ご相談内容", "備考"),
        # The name's reading (furigana), asked next to the name: not the name itself.
        NEVER: ("フリガナ", "ふりがな", "よみがな", "ヨミガナ", "カナ", "=セイ", "=メイ"),
    },
    "zh": {
        # 名字 is "name" in Chinese (in Japanese it can mean the family name: see NOTES).
        NAME: ("姓名", "名字", "全名", "联系人", "聯絡人", "聯繫人", "称呼", "稱呼", "真实姓名"),
        FIRST_NAME: ("=名",),
        LAST_NAME: ("=姓", "姓氏"),
        EMAIL: ("电子邮件", "電子郵件", "电子邮箱", "電子郵箱", "邮箱", "郵箱", "电邮", "電郵",
                "邮件地址"),
        PHONE: ("电话", "電話", "手机", "手機", "手机号", "手机号码", "电话号码", "電話號碼",
                "联系电话", "聯絡電話", "联系方式", "聯絡方式"),
        COMPANY: ("公司", "公司名称", "公司名稱", "企业名称", "企業名稱", "单位", "單位", "机构",
                  "機構"),
        MESSAGE: ("留言", "消息", "訊息", "咨询内容", "諮詢內容", "备注", "備註"),
        NEVER: ("拼音",),
    },
    "ko": {
        NAME: ("성명", "성함", "성과 이름", "고객명", "신청자명", "담당자명"),
        NAME_OR_PART: ("이름",),
        LAST_NAME: ("=성", "성씨"),
        EMAIL: ("이메일", "메일", "전자우편"),
        PHONE: ("전화", "전화번호", "휴대폰", "핸드폰", "휴대전화", "연락처"),
        COMPANY: ("회사", "회사명", "기업명", "업체명", "소속", "기관명", "단체명"),
        MESSAGE: ("메시지", "문의 내용", "문의사항", "문의", "남기실 말씀"),
    },
    "ar": {
        NAME: ("الاسم الكامل", "الاسم بالكامل", "الاسم الثلاثي", "اسمك الكامل", "الاسم واللقب"),
        NAME_OR_PART: ("الاسم", "اسم", "اسمك"),
        FIRST_NAME: ("الاسم الأول", "اسمك الأول"),
        LAST_NAME: ("اسم العائلة", "الاسم الأخير", "اللقب", "الكنية", "اسم الأسرة"),
        EMAIL: ("البريد الإلكتروني", "البريد الالكتروني", "بريدك الإلكتروني", "الإيميل", "ايميل",
                "البريد", "عنوان البريد الإلكتروني"),
        PHONE: ("الهاتف", "هاتف", "رقم الهاتف", "الجوال", "جوال", "رقم الجوال", "الموبايل",
                "رقم الموبايل", "المحمول", "رقم المحمول", "واتساب", "رقم هاتفك"),
        COMPANY: ("الشركة", "شركة", "اسم الشركة", "المؤسسة", "اسم المؤسسة", "جهة العمل", "المنظمة"),
        MESSAGE: ("رسالة", "الرسالة", "رسالتك", "استفسار", "استفسارك", "ملاحظات", "تعليق",
                  "نص الرسالة"),
        FILLER: ("يرجى", "الرجاء", "أدخل", "من", "فضلك", "لطفا"),
    },
    "hi": {
        NAME: ("पूरा नाम", "आपका पूरा नाम", "नाम और उपनाम"),
        NAME_OR_PART: ("नाम",),
        FIRST_NAME: ("पहला नाम", "प्रथम नाम"),
        # उपनाम is the family name on forms (it can also mean a pen name).
        LAST_NAME: ("उपनाम", "अंतिम नाम", "अन्तिम नाम", "कुलनाम", "सरनेम"),
        EMAIL: ("ईमेल", "ई-मेल", "ईमेल पता", "ई-मेल पता", "ईमेल आईडी"),
        PHONE: ("फ़ोन", "फोन", "फ़ोन नंबर", "फोन नंबर", "मोबाइल", "मोबाइल नंबर", "मोबाइल नम्बर",
                "दूरभाष", "संपर्क नंबर", "व्हाट्सएप"),
        COMPANY: ("कंपनी", "कम्पनी", "कंपनी का नाम", "संस्था", "संगठन", "फर्म"),
        MESSAGE: ("संदेश", "आपका संदेश", "टिप्पणी", "प्रश्न"),
        FILLER: ("आपका", "आपकी", "आपके", "अपना", "अपनी", "कृपया", "दर्ज", "करें", "का", "की", "के",
                 "और", "लिखें"),
    },
}
