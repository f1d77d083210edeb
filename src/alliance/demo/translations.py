"""The demo's translations of content that is data, set by the secretariat through the
audited ``<noun>_translation_set`` actions: the principles, the tier names, the founding
rules' summary and the UNDP-based policy's exclusionary criteria, in French, Spanish
and Arabic. Safe to re-run: a language already translated is left as it is."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import translation

from alliance.diligence.actions import policy_translation_set
from alliance.diligence.policies import default_policy_version
from alliance.funding.actions import tier_schedule_seed, tier_schedule_translation_set
from alliance.funding.labels import TIER_BENEFITS
from alliance.funding.models import TierScheduleVersion
from alliance.governance.actions import rules_translation_set
from alliance.governance.models import RulesVersion
from alliance.organisations.actions import principle_set_translation_set
from alliance.organisations.selectors import current_principle_set

PRINCIPLES: dict[str, dict[str, str]] = {
    "fr": {
        "identity_human_right.title": "L'identité est un droit humain",
        "identity_human_right.text": "Pouvoir prouver son identité est un droit humain "
        "fondamental et universel, et l'identité numérique doit servir la personne.",
        "individual_ownership.title": "Chacun est maître de son identité",
        "individual_ownership.text": "Chacun doit garder la maîtrise de son identité "
        "numérique : la manière dont ses données personnelles sont collectées, utilisées "
        "et partagées.",
        "good_faith.title": "Bonne foi",
        "good_faith.text": "Nous rejoignons l'alliance de bonne foi, en apportant notre "
        "expérience, notre expertise et nos réseaux à son travail commun.",
        "humanitarian_motivation.title": "Motivation avant tout humanitaire",
        "humanitarian_motivation.text": "Notre motivation première pour rejoindre "
        "l'alliance est humanitaire, et non commerciale.",
        "no_monopoly.title": "Aucun monopole",
        "no_monopoly.text": "Nous ne rechercherons, et l'alliance n'approuvera, aucune "
        "approche qui donne à une seule partie le monopole d'un élément de la solution.",
    },
    "es": {
        "identity_human_right.title": "La identidad es un derecho humano",
        "identity_human_right.text": "Poder demostrar la propia identidad es un derecho "
        "humano fundamental y universal, y la identidad digital debe estar al servicio de "
        "la persona.",
        "individual_ownership.title": "Cada persona es dueña de su identidad",
        "individual_ownership.text": "Las personas deben tener el control de su identidad "
        "digital: de cómo se recopilan, utilizan y comparten sus datos personales.",
        "good_faith.title": "Buena fe",
        "good_faith.text": "Nos unimos de buena fe y aportamos nuestra experiencia, "
        "conocimientos y redes al trabajo común de la alianza.",
        "humanitarian_motivation.title": "Motivación principalmente humanitaria",
        "humanitarian_motivation.text": "Nuestra principal motivación para unirnos es "
        "humanitaria, no comercial.",
        "no_monopoly.title": "Ningún monopolio",
        "no_monopoly.text": "No buscaremos, y la alianza no respaldará, ningún enfoque que "
        "otorgue a una sola parte el monopolio de un elemento de la solución.",
    },
    "ar": {
        "identity_human_right.title": "الهوية حق من حقوق الإنسان",
        "identity_human_right.text": "القدرة على إثبات الهوية حق أساسي وعالمي من حقوق "
        "الإنسان، ويجب أن تكون الهوية الرقمية في خدمة الفرد.",
        "individual_ownership.title": "الأفراد يملكون هويتهم",
        "individual_ownership.text": "ينبغي أن يتحكم الأفراد في هويتهم الرقمية: في كيفية "
        "جمع بياناتهم الشخصية واستخدامها وتبادلها.",
        "good_faith.title": "حسن النية",
        "good_faith.text": "ننضم بحسن نية، ونضع خبرتنا ومعارفنا وشبكاتنا في خدمة العمل "
        "المشترك للتحالف.",
        "humanitarian_motivation.title": "دافع إنساني في المقام الأول",
        "humanitarian_motivation.text": "دافعنا الأول للانضمام إنساني وليس تجاريًا.",
        "no_monopoly.title": "لا احتكار",
        "no_monopoly.text": "لن نسعى، ولن يؤيد التحالف، إلى أي نهج يمنح طرفًا واحدًا "
        "احتكار عنصر من عناصر الحل.",
    },
}

TIERS: dict[str, dict[str, str]] = {
    "fr": {
        "strategic_partner.name": "Partenaire stratégique",
        "partner.name": "Partenaire",
        "supporter.name": "Soutien",
    },
    "es": {
        "strategic_partner.name": "Asociado estratégico",
        "partner.name": "Asociado",
        "supporter.name": "Colaborador",
    },
    "ar": {
        "strategic_partner.name": "شريك استراتيجي",
        "partner.name": "شريك",
        "supporter.name": "داعم",
    },
}

# Rules summaries, by their English text (later versions are titled by their motion).
RULES_SUMMARIES: dict[str, dict[str, str]] = {
    "The rules adopted at the founding meeting.": {
        "fr": "Les règles adoptées lors de la réunion fondatrice.",
        "es": "Las normas aprobadas en la reunión fundacional.",
        "ar": "القواعد المعتمدة في الاجتماع التأسيسي.",
    },
}

_CRITERIA_FR = {
    "weapons": (
        "Armes et armements",
        "Fabrication, vente ou distribution d'armements ou d'armes, y compris de "
        "fournitures et d'équipements militaires",
        "Directe : l'organisation ou une filiale qu'elle contrôle",
    ),
    "weapon_components": (
        "Composants d'armes et d'armements",
        "Fabrication ou vente de composants conçus pour des armes, y compris les mines "
        "antipersonnel et les armes à sous-munitions",
        "Directe, ou par une filiale contrôlée ; composants spécifiques uniquement",
    ),
    "replica_weapons": (
        "Répliques d'armes",
        "Fabrication ou vente de répliques d'armes",
        "Directe",
    ),
    "tobacco": (
        "Tabac",
        "Fabrication de tabac ou de produits du tabac ; leur distribution ou leur vente",
        "Fabrication : toute ; distribution ou vente : au-delà du seuil de chiffre d'affaires",
    ),
    "un_sanctions": (
        "Sanctions, conventions, traités et résolutions des Nations Unies ; listes d'inéligibilité",
        "Violation des sanctions du Conseil de sécurité, de conventions, traités ou "
        "résolutions des Nations Unies, ou inscription sur une liste d'inéligibilité ou de "
        "sanctions des Nations Unies",
        "L'organisation, ses dirigeants ou ses bénéficiaires effectifs",
    ),
    "pornography": (
        "Pornographie",
        "Production ou distribution de pornographie",
        "Production : toute ; distribution : au-delà du seuil de chiffre d'affaires",
    ),
    "banned_substances": (
        "Substances et produits de la faune sauvage interdits au niveau international",
        "Fabrication ou commerce de substances faisant l'objet d'interdictions ou "
        "d'éliminations internationales, ou d'espèces sauvages ou de leurs produits "
        "couverts par la CITES",
        "Directe",
    ),
    "gambling": (
        "Jeux d'argent",
        "Exploitation de jeux d'argent, de casinos ou de paris, y compris en ligne",
        "Directe, au-delà du seuil de chiffre d'affaires",
    ),
    "human_rights": (
        "Violations des droits de l'homme",
        "Violation des droits de l'homme, ou complicité dans des violations commises par d'autres",
        "Directe ou par complicité, établie par une source crédible et non réparée",
    ),
    "forced_labour": (
        "Travail forcé ou obligatoire",
        "Recours au travail forcé ou obligatoire, ou tolérance de celui-ci (conventions "
        "29 et 105 de l'OIT)",
        "Dans ses propres activités, ou connu et toléré dans la chaîne d'approvisionnement",
    ),
    "child_labour": (
        "Travail des enfants",
        "Recours au travail des enfants, ou tolérance de celui-ci (conventions 138 et 182 "
        "de l'OIT)",
        "Dans ses propres activités, ou connu et toléré dans la chaîne d'approvisionnement",
    ),
}

_CRITERIA_ES = {
    "weapons": (
        "Armas y armamento",
        "Fabricación, venta o distribución de armamento o armas, incluidos suministros y "
        "equipos militares",
        "Directa: la organización o una filial que controla",
    ),
    "weapon_components": (
        "Componentes de armas y armamento",
        "Fabricación o venta de componentes hechos para armas, incluidas las minas "
        "antipersonal y las municiones en racimo",
        "Directa, o a través de una filial controlada; solo componentes específicos",
    ),
    "replica_weapons": ("Réplicas de armas", "Fabricación o venta de réplicas de armas", "Directa"),
    "tobacco": (
        "Tabaco",
        "Fabricación de tabaco o productos de tabaco; su distribución o venta",
        "Fabricación: cualquiera; distribución o venta: por encima del umbral de ingresos",
    ),
    "un_sanctions": (
        "Sanciones, convenciones, tratados y resoluciones de las Naciones Unidas; listas de "
        "inhabilitación",
        "Incumplimiento de las sanciones del Consejo de Seguridad o de convenciones, "
        "tratados o resoluciones de las Naciones Unidas, o presencia en una lista de "
        "inhabilitación o de sanciones de las Naciones Unidas",
        "La organización, sus directivos o sus beneficiarios finales",
    ),
    "pornography": (
        "Pornografía",
        "Producción o distribución de pornografía",
        "Producción: cualquiera; distribución: por encima del umbral de ingresos",
    ),
    "banned_substances": (
        "Sustancias y productos de fauna y flora silvestres prohibidos internacionalmente",
        "Fabricación o comercio de sustancias sujetas a prohibiciones o eliminaciones "
        "internacionales, o de especies silvestres o sus productos regulados por la CITES",
        "Directa",
    ),
    "gambling": (
        "Juegos de azar",
        "Explotación de juegos de azar, casinos o apuestas, incluso en línea",
        "Directa, por encima del umbral de ingresos",
    ),
    "human_rights": (
        "Violaciones de los derechos humanos",
        "Violación de los derechos humanos, o complicidad en violaciones cometidas por otros",
        "Directa o por complicidad, establecida por una fuente fiable y no reparada",
    ),
    "forced_labour": (
        "Trabajo forzoso u obligatorio",
        "Uso o tolerancia del trabajo forzoso u obligatorio (Convenios 29 y 105 de la OIT)",
        "En sus propias operaciones, o conocido y tolerado en la cadena de suministro",
    ),
    "child_labour": (
        "Trabajo infantil",
        "Uso o tolerancia del trabajo infantil (Convenios 138 y 182 de la OIT)",
        "En sus propias operaciones, o conocido y tolerado en la cadena de suministro",
    ),
}

_CRITERIA_AR = {
    "weapons": (
        "الأسلحة والعتاد الحربي",
        "تصنيع الأسلحة أو العتاد الحربي أو بيعها أو توزيعها، بما في ذلك الإمدادات والمعدات "
        "العسكرية",
        "مباشرة: المنظمة أو شركة تابعة تسيطر عليها",
    ),
    "weapon_components": (
        "مكونات الأسلحة والعتاد الحربي",
        "تصنيع أو بيع مكونات مصممة للأسلحة، بما في ذلك الألغام المضادة للأفراد والذخائر العنقودية",
        "مباشرة، أو عن طريق شركة تابعة خاضعة للسيطرة؛ المكونات المخصصة فقط",
    ),
    "replica_weapons": ("الأسلحة المقلدة", "تصنيع الأسلحة المقلدة أو بيعها", "مباشرة"),
    "tobacco": (
        "التبغ",
        "تصنيع التبغ أو منتجات التبغ؛ أو توزيعها أو بيعها",
        "التصنيع: أي قدر؛ التوزيع أو البيع: فوق عتبة الإيرادات",
    ),
    "un_sanctions": (
        "جزاءات الأمم المتحدة واتفاقياتها ومعاهداتها وقراراتها؛ قوائم عدم الأهلية",
        "انتهاك جزاءات مجلس الأمن أو اتفاقيات الأمم المتحدة أو معاهداتها أو قراراتها، أو "
        "الإدراج في قائمة عدم أهلية أو قائمة جزاءات للأمم المتحدة",
        "المنظمة أو مسؤولوها أو المالكون المستفيدون منها",
    ),
    "pornography": (
        "المواد الإباحية",
        "إنتاج المواد الإباحية أو توزيعها",
        "الإنتاج: أي قدر؛ التوزيع: فوق عتبة الإيرادات",
    ),
    "banned_substances": (
        "المواد ومنتجات الأحياء البرية المحظورة دوليًا",
        "تصنيع أو تجارة مواد خاضعة لحظر أو إلغاء تدريجي دولي، أو أحياء برية أو منتجاتها "
        "المشمولة باتفاقية CITES",
        "مباشرة",
    ),
    "gambling": (
        "القمار",
        "تشغيل القمار أو الكازينوهات أو المراهنات، بما في ذلك عبر الإنترنت",
        "مباشرة، فوق عتبة الإيرادات",
    ),
    "human_rights": (
        "انتهاكات حقوق الإنسان",
        "انتهاك حقوق الإنسان، أو التواطؤ في انتهاكات يرتكبها آخرون",
        "مباشرة أو بالتواطؤ، ثابتة من مصدر موثوق ولم تُعالج",
    ),
    "forced_labour": (
        "العمل الجبري أو الإلزامي",
        "استخدام العمل الجبري أو الإلزامي أو التسامح معه (اتفاقيتا منظمة العمل الدولية 29 و105)",
        "في عملياتها الخاصة، أو معروف ومتسامح معه في سلسلة الإمداد",
    ),
    "child_labour": (
        "عمل الأطفال",
        "استخدام عمل الأطفال أو التسامح معه (اتفاقيتا منظمة العمل الدولية 138 و182)",
        "في عملياتها الخاصة، أو معروف ومتسامح معه في سلسلة الإمداد",
    ),
}


def _criteria(table: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for code, (name, activity, involvement) in table.items():
        texts |= {
            f"{code}.name": name,
            f"{code}.activity": activity,
            f"{code}.involvement": involvement,
        }
    return texts


CRITERIA = {
    "fr": _criteria(_CRITERIA_FR),
    "es": _criteria(_CRITERIA_ES),
    "ar": _criteria(_CRITERIA_AR),
}


def _benefits(schedule: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each language's wording of a version's benefits, as the catalog words the seeded
    ones: the secretariat starts from those and may change them on the translation page."""
    texts: dict[str, dict[str, str]] = {}
    for language in TIERS:
        with translation.override(language):
            texts[language] = {
                f"{tier['code']}.benefit.{index}": str(TIER_BENEFITS[benefit])
                for tier in schedule.get("tiers", [])
                for index, benefit in enumerate(tier.get("benefits", []))
                if benefit in TIER_BENEFITS
            }
    return texts


def _set_missing(save: Any, obj_arg: str, obj: Any, texts: dict[str, dict[str, str]], actor: Any):
    """Set each language's texts the object does not have yet (re-runs change nothing)."""
    for language, by_key in texts.items():
        known = (getattr(obj, "translations", None) or {}).get(language, {})
        missing = {k: v for k, v in by_key.items() if k not in known}
        if missing:
            obj = save(actor=actor, language=language, texts=missing, **{obj_arg: obj})
    return obj


def seed(*, logins: dict[str, Any], staff: dict[str, Any], today: date) -> None:
    secretariat = staff["secretariat"]
    _set_missing(
        principle_set_translation_set,
        "principle_set",
        current_principle_set(),
        PRINCIPLES,
        secretariat,
    )
    tier_schedule_seed()
    for version in TierScheduleVersion.objects.order_by("number"):
        codes = {t["code"] for t in version.schedule.get("tiers", [])}
        texts = {
            lang: {k: v for k, v in by_key.items() if k.split(".")[0] in codes}
            for lang, by_key in TIERS.items()
        }
        for lang, by_key in _benefits(version.schedule).items():
            texts[lang] |= by_key
        _set_missing(tier_schedule_translation_set, "version", version, texts, secretariat)
    for rules in RulesVersion.objects.order_by("version"):
        summaries = RULES_SUMMARIES.get(rules.summary)
        if summaries:
            texts = {lang: {"summary": text} for lang, text in summaries.items()}
            _set_missing(rules_translation_set, "version", rules, texts, secretariat)
    policy = default_policy_version()
    codes = {c["code"] for c in policy.data.get("criteria", [])}
    texts = {
        lang: {k: v for k, v in by_key.items() if k.split(".")[0] in codes}
        for lang, by_key in CRITERIA.items()
    }
    _set_missing(policy_translation_set, "version", policy, texts, secretariat)
