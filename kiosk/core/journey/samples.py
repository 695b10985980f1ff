"""Made-up notes in the kiosk's languages and a few more scripts, long and short, for the wall's screenshot
tests and benchmark (`sample_drafts`): what a busy convening's wall holds, deterministic for a seed."""

from __future__ import annotations

import random

from kiosk.core.journey.prompts import PromptSet
from kiosk.core.services.contributions import Draft

PHRASES: tuple[tuple[str, str], ...] = (
    ("en", "Trusted messengers in every county who answer the phone in the language people speak."),
    ("en", "Rides to the clinic."),
    ("en", "A student-led rural food pantry that now feeds 300 families a week."),
    ("en", "We finally share one calendar across five counties, so nobody books the same hall twice."),
    ("es", "Promotoras que llegan a cada puerta del valle."),
    ("es", "Una red de radio comunitaria en español y mixteco."),
    ("zh_CN", "我们建立了合作网络，让老人不再孤单。"),
    ("zh_CN", "我学会了更用心地倾听。"),
    ("zh_TW", "社區報紙第一次用三種語言出刊。"),
    ("vi", "Chương trình dạy kỹ năng tài chính cho thanh thiếu niên."),
    ("vi", "Cô chú lớn tuổi giờ biết gọi video với cháu."),
    ("tl", "Mga boluntaryong nagsasalin para sa mga pamilya tuwing Sabado."),
    ("ko", "함께하면 더 멀리 갈 수 있습니다."),
    ("ko", "어르신들을 위한 디지털 교실을 열었습니다."),
    ("fa", "ما برای اولین بار اطلاعات سرشماری را به زبان فارسی به خانواده‌ها رساندیم."),
    ("fa", "اعتماد، آهسته ساخته می‌شود."),
    ("", "Հայ համայնքի երիտասարդները հիմա կամավոր են։"),
    ("", "Мы открыли юридическую консультацию по субботам."),
    ("", "ਪੰਜਾਬੀ ਕਿਸਾਨਾਂ ਲਈ ਮੁਫ਼ਤ ਸਿਹਤ ਕੈਂਪ।"),
    ("", "हर मोहल्ले में एक भरोसेमंद आवाज़।"),
    ("", "កម្មវិធីអប់រំឪពុកម្តាយខ្មែរ។"),
    ("", "نحن نترجم الأخبار المحلية إلى العربية كل أسبوع."),
    ("", "Peb tau qhib chav kawm lus Askiv rau niam txiv."),
    ("", "地域の日本語新聞が若い世代に届くようになった。"),
    ("", "ለአማርኛ ተናጋሪ ቤተሰቦች የጤና መረጃ።"),
    ("en", "Grant writers"),
    ("en", "A community hall for 200, ADA accessible, free on weekday evenings."),
    ("es", "Fondos para operar más de un año"),
)


def sample_drafts(prompts: PromptSet, count: int, seed: int = 6) -> list[Draft]:
    """`count` notes spread over every journey prompt and every have/need category, in many scripts."""
    rng = random.Random(seed)
    targets: list[tuple[str, str | None]] = [(p.id, None) for p in prompts.prompts]
    targets += [(side, c.id) for c in prompts.categories for side in ("have", "need")]
    drafts = []
    for number in range(count):
        kind, category = targets[number % len(targets)] if number < len(targets) else rng.choice(targets)
        language, text = rng.choice(PHRASES)
        drafts.append(Draft(kind, text[: prompts.max_length], category, language))
    return drafts
