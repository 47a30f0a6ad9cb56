"""The offline story writer's world: settings, animals, toys, outfits, lessons and theme words.

Every bilingual string is an (English, Korean) pair that says the same thing. Strings may hold
`{slot}` placeholders (see story_render.py); in Korean, `{slot:이}` adds the right particle.
Scene strings are English and use only the offline illustrator's keywords where it matters.
"""

from __future__ import annotations

from dataclasses import dataclass

from moretale_assets.lib.vocabulary import vocabulary

Pair = tuple[str, str]  # (English, Korean)


@dataclass(frozen=True)
class Place:
    en: str  # noun phrase: "the little wooden bridge over the stream"
    ko: str
    scene: str  # the same thing for the illustrator: "a little wooden bridge over a river"


@dataclass(frozen=True)
class Spot:
    """A place inside a setting to search, sit or hide in."""

    en: str  # with its preposition: "under the tallest tree"
    ko: str  # a place noun that takes particles: "가장 키 큰 나무 아래"
    en_np: str  # the thing alone: "the tallest tree"
    ko_np: str
    scene: str  # "under a tall tree"


@dataclass(frozen=True)
class Setting:
    key: str
    scene: str  # what the illustrator draws: "forest", "beach by the sea"
    en: str  # "the forest"
    ko: str  # "숲"
    en_at: str  # "in the forest"
    en_to: str  # "to the forest"
    home: Place  # where the hero lives
    about: tuple[Pair, ...]  # one line describing the place
    props: str  # scene filler that keeps the place recognisable: "among tall trees"
    spots: tuple[Spot, Spot, Spot]
    crossing: Place | None  # a bridge to cross on the way home
    den: Place | None  # where a lost animal's family lives
    locals: tuple[str, ...]  # animals that live here (lost animals, helpers)
    pals: tuple[str, ...]  # companions that fit here
    weather: str = "sunny"
    indoor: bool = False
    water: bool = False  # a toy boat can sail here
    article: bool = True  # "a forest" but "space"
    home_scene: str = ""  # where the hero's house stands, when not in the setting itself


@dataclass(frozen=True)
class Animal:
    kind: str  # the illustrator's keyword, also the English noun
    ko: str  # "토끼"
    ko_young: str  # how a small one is called in a picture book: "아기 토끼"
    colors: tuple[str, ...]
    trait: Pair  # what the companion is good at; uses {pal} and {at}
    helper: Pair  # the adjective phrase when it helps: ("wise old owl", "지혜로운 부엉이")
    plural: str = ""  # irregular English plural


@dataclass(frozen=True)
class Toy:
    kind: str  # illustrator keyword and English noun
    ko: str
    lost: Pair  # how it gets away; uses {toy}, {hero}, {pal}
    play: Pair  # a full predicate: "{hero} and {pal} <play>."
    together: Pair  # how three friends share it: "... <together>."
    name: Pair = ("", "")  # what the text calls it, when not just the keyword
    weather: str | None = None  # the loss pins this weather (wind takes kites)
    water: bool = False  # only where there is water to sail on
    outdoor: bool = False  # nobody flies a kite in a classroom


@dataclass(frozen=True)
class Outfit:
    scene: str  # for the character design: "a yellow raincoat and red boots"
    line: Pair  # a predicate: "{hero} <line>."
    kind: str = "day"  # "day", "cold" or "night"


# Colour keyword → Korean adjective used right before a noun.
COLORS: dict[str, str] = {k: c.ko for k, c in vocabulary().colors.items()}
TOY_COLORS = ("red", "blue", "yellow", "green", "orange", "purple", "pink")

WEATHER_ADJ: dict[str, Pair] = {
    "sunny": ("sunny", "화창한"),
    "snowy": ("snowy", "눈 내리는"),
    "windy": ("windy", "바람 부는"),
    "starry": ("starry", "별이 빛나는"),
}

# A line about the day's weather, for the setup.
WEATHER_LINES: dict[str, Pair] = {
    "sunny": ("The sun was warm, and the sky was bright blue.", "해는 따뜻하고 하늘은 새파랬어요."),
    "snowy": (
        "Soft snow was falling, and the whole world was white.",
        "하얀 눈이 소복소복 내려 온 세상이 하얘졌어요.",
    ),
    "starry": ("The sky was full of twinkling stars.", "하늘에는 반짝이는 별이 가득했어요."),
}

STYLES = (
    "soft watercolor children's book illustration",
    "warm gouache picture book illustration",
    "gentle colored pencil children's book illustration",
    "cozy digital storybook illustration with soft pastel colors",
)

HAIR = (
    "short black hair",
    "curly brown hair",
    "long black hair in two braids",
    "black hair in a bob with bangs",
    "fluffy brown hair",
    "wavy red hair",
    "short blond hair",
    "straight black hair in a ponytail",
)

OUTFITS = (
    Outfit(
        "a yellow raincoat and red boots",
        ("put on a yellow raincoat and red boots", "노란 비옷을 입고 빨간 장화를 신었어요"),
    ),
    Outfit(
        "a green striped shirt and blue overalls",
        (
            "put on a green striped shirt and blue overalls",
            "초록색 줄무늬 셔츠에 파란 멜빵바지를 입었어요",
        ),
    ),
    Outfit(
        "a red hoodie and white sneakers",
        ("put on a red hoodie and white sneakers", "빨간 후드티를 입고 하얀 운동화를 신었어요"),
    ),
    Outfit(
        "an orange shirt and a blue cap",
        ("put on an orange T-shirt and a blue cap", "주황색 티셔츠를 입고 파란 모자를 썼어요"),
    ),
    Outfit(
        "a purple sweater and brown boots",
        (
            "put on a cozy purple sweater and brown boots",
            "포근한 보라색 스웨터를 입고 갈색 부츠를 신었어요",
        ),
    ),
    Outfit(
        "a puffy red coat and warm mittens",
        (
            "put on a puffy red coat and warm mittens",
            "두툼한 빨간 외투를 입고 따뜻한 벙어리장갑을 꼈어요",
        ),
        kind="cold",
    ),
    Outfit(
        "a warm blue coat and a long yellow scarf",
        (
            "put on a warm blue coat and a long yellow scarf",
            "따뜻한 파란 외투를 입고 긴 노란 목도리를 둘렀어요",
        ),
        kind="cold",
    ),
    Outfit(
        "blue pajamas with little yellow stars",
        (
            "wore cozy blue pajamas with little yellow stars",
            "노란 별이 그려진 포근한 파란 잠옷을 입고 있었어요",
        ),
        kind="night",
    ),
    Outfit(
        "green striped pajamas and fuzzy slippers",
        (
            "wore green striped pajamas and fuzzy slippers",
            "초록색 줄무늬 잠옷을 입고 복슬복슬한 실내화를 신고 있었어요",
        ),
        kind="night",
    ),
)

ANIMALS: dict[str, Animal] = {
    a.kind: a
    for a in (
        Animal(
            "rabbit",
            "토끼",
            "아기 토끼",
            ("white", "brown", "gray"),
            (
                "{pal} the rabbit could hop higher than anyone {at}.",
                "토끼 {pal:은} {at} 누구보다 높이 깡충 뛸 수 있었어요.",
            ),
            ("quick rabbit", "날쌘 토끼"),
        ),
        Animal(
            "bear",
            "곰",
            "아기 곰",
            ("brown", "black"),
            (
                "{pal} the bear gave the warmest, fuzziest hugs {at}.",
                "곰 {pal:은} {at} 누구보다 포근하게 꼭 안아 주었어요.",
            ),
            ("big, gentle bear", "커다랗고 순한 곰"),
        ),
        Animal(
            "fox",
            "여우",
            "아기 여우",
            ("orange", "red"),
            (
                "{pal} the fox knew every secret path {at}.",
                "여우 {pal:은} {at} 모르는 길이 없었어요.",
            ),
            ("clever fox", "영리한 여우"),
        ),
        Animal(
            "cat",
            "고양이",
            "아기 고양이",
            ("gray", "black", "orange", "white"),
            (
                "{pal} the cat loved taking naps in sunny spots {at}.",
                "고양이 {pal:은} {at} 햇볕 드는 자리를 찾아 낮잠 자는 걸 좋아했어요.",
            ),
            ("curious cat", "호기심 많은 고양이"),
        ),
        Animal(
            "dog",
            "강아지",
            "강아지",
            ("brown", "white", "golden"),
            (
                "{pal} the dog could sniff out anything {at}, even a hidden cookie.",
                "강아지 {pal:은} {at} 무엇이든 킁킁 찾아냈어요. 숨겨 둔 쿠키까지도요.",
            ),
            ("friendly dog", "다정한 강아지"),
        ),
        Animal(
            "bird",
            "새",
            "아기 새",
            ("blue", "yellow", "red"),
            (
                "{pal} the bird sang the sweetest songs {at}.",
                "새 {pal:은} {at} 가장 고운 노래를 불렀어요.",
            ),
            ("friendly little bird", "다정한 작은 새"),
        ),
        Animal(
            "owl",
            "부엉이",
            "아기 부엉이",
            ("brown", "gray", "white"),
            (
                "{pal} the owl knew the name of every star in the sky.",
                "부엉이 {pal:은} 하늘에 있는 별의 이름을 모두 알고 있었어요.",
            ),
            ("wise old owl", "지혜로운 부엉이"),
        ),
        Animal(
            "turtle",
            "거북이",
            "아기 거북이",
            ("green",),
            (
                "{pal} the turtle carried a little house on its back: a shiny green shell!",
                "거북이 {pal:은} 등에 작은 집을 지고 다녔어요. 반짝이는 초록색 등딱지였지요!",
            ),
            ("kind old turtle", "다정한 할아버지 거북이"),
        ),
        Animal(
            "dragon",
            "용",
            "아기 용",
            ("green", "purple", "blue", "red", "golden"),
            (
                "{pal} the dragon could blow warm, sparkly bubbles instead of fire.",
                "용 {pal:은} 불 대신 따뜻하고 반짝이는 비눗방울을 불 수 있었어요.",
            ),
            ("gentle dragon", "순한 용"),
        ),
        Animal(
            "duck",
            "오리",
            "아기 오리",
            ("yellow", "white"),
            (
                "{pal} the duck could swim in perfect circles, round and round.",
                "오리 {pal:은} 빙글빙글 동그라미를 그리며 헤엄칠 수 있었어요.",
            ),
            ("chatty duck", "수다쟁이 오리"),
        ),
        Animal(
            "mouse",
            "생쥐",
            "아기 생쥐",
            ("gray", "brown", "white"),
            (
                "{pal} the mouse was tiny, but {pal} had a very big heart.",
                "생쥐 {pal:은} 아주 작았지만, 마음만은 아주 컸어요.",
            ),
            ("tiny mouse", "조그만 생쥐"),
            plural="mice",
        ),
        Animal(
            "elephant",
            "코끼리",
            "아기 코끼리",
            ("gray", "blue"),
            (
                "{pal} the elephant could spray water like a fountain.",
                "코끼리 {pal:은} 분수처럼 물을 뿜을 수 있었어요.",
            ),
            ("kind elephant", "다정한 코끼리"),
        ),
        Animal(
            "penguin",
            "펭귄",
            "아기 펭귄",
            ("gray", "black"),
            (
                "{pal} the penguin waddled and wobbled and made everyone laugh {at}.",
                "펭귄 {pal:은} {at} 뒤뚱뒤뚱 걸으며 모두를 웃게 했어요.",
            ),
            ("friendly penguin", "다정한 펭귄"),
        ),
        Animal(
            "squirrel",
            "다람쥐",
            "아기 다람쥐",
            ("brown", "red", "gray"),
            (
                "{pal} the squirrel could climb to the top of the tallest tree.",
                "다람쥐 {pal:은} 가장 키 큰 나무 꼭대기까지 올라갈 수 있었어요.",
            ),
            ("busy squirrel", "부지런한 다람쥐"),
        ),
        Animal(
            "frog",
            "개구리",
            "아기 개구리",
            ("green",),
            (
                "{pal} the frog could jump over a puddle in one big leap.",
                "개구리 {pal:은} 물웅덩이를 한 번에 폴짝 뛰어넘을 수 있었어요.",
            ),
            ("cheerful frog", "명랑한 개구리"),
        ),
    )
}

# Names for the companion: easy to say in both languages, and none ends in a final consonant.
PAL_NAMES: tuple[Pair, ...] = (
    ("Momo", "모모"),
    ("Coco", "코코"),
    ("Toto", "토토"),
    ("Bibi", "비비"),
    ("Lulu", "룰루"),
    ("Dodo", "도도"),
    ("Nuri", "누리"),
    ("Bori", "보리"),
    ("Tori", "토리"),
    ("Mimi", "미미"),
    ("Kiki", "키키"),
    ("Popo", "포포"),
    ("Dubu", "두부"),
    ("Luna", "루나"),
)

TOYS: dict[str, Toy] = {
    t.kind: t
    for t in (
        Toy(
            "kite",
            "연",
            lost=(
                "Whoosh! A big gust of wind tugged the {toy} right out of {hero_s} hands.",
                "휘이잉! 갑자기 큰 바람이 불어와 {hero}의 손에서 {toy:을} 휙 채 갔어요.",
            ),
            play=("flew {toy_a} high in the sky", "{toy:을} 하늘 높이 날렸어요"),
            together=(
                "took turns flying the kite high in the sky",
                "차례차례 연을 하늘 높이 날렸어요",
            ),
            weather="windy",
            outdoor=True,
        ),
        Toy(
            "ball",
            "공",
            lost=(
                "Oops! {pal} kicked the {toy} too hard, and it rolled down the hill, far away.",
                "앗! {pal:이} {toy:을} 너무 세게 찼어요. "
                "공은 언덕 아래로 데굴데굴 멀리 굴러가 버렸어요.",
            ),
            play=("played a game of catch with {toy_a}", "{toy:을} 주고받는 놀이를 했어요"),
            together=("kicked the ball back and forth, giggling", "킥킥 웃으며 공을 주고받았어요"),
        ),
        Toy(
            "balloon",
            "풍선",
            lost=(
                "Oh no! The string slipped from {hero_s} fingers, "
                "and the {toy} floated up into the sky.",
                "어머나! {hero}의 손가락에서 끈이 스르르 빠지더니, "
                "{toy:이} 하늘 높이 날아가 버렸어요.",
            ),
            play=(
                "played a game of keep-up with {toy_a}",
                "{toy:이} 바닥에 닿지 않게 통통 튕기는 놀이를 했어요",
            ),
            together=(
                "took turns holding the balloon as it bobbed in the breeze",
                "차례차례 풍선을 들고 산들바람에 흔들리는 걸 구경했어요",
            ),
        ),
        Toy(
            "boat",
            "배",
            lost=(
                "Oh no! The ripples carried {hero_s} {toy} away across the water.",
                "어머나! 물결이 {hero}의 {toy:을} 물 위로 멀리 싣고 가 버렸어요.",
            ),
            play=("sailed {toy_a} on the water", "{toy:을} 물 위에 띄우며 놀았어요"),
            together=(
                "took turns sailing the boat across the water",
                "차례차례 배를 물 위에 띄우며 놀았어요",
            ),
            name=("toy boat", "장난감 배"),
            water=True,
        ),
    )
}

CAKE_FLAVORS: tuple[Pair, ...] = (
    ("strawberry", "딸기"),
    ("chocolate", "초콜릿"),
    ("honey", "꿀"),
    ("carrot", "당근"),
)


def _spot(en: str, ko: str, en_np: str, ko_np: str, scene: str) -> Spot:
    return Spot(en, ko, en_np, ko_np, scene)


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            key="forest",
            scene="forest",
            en="the forest",
            ko="숲",
            en_at="in the forest",
            en_to="to the forest",
            home=Place(
                "a little house at the edge of the forest",
                "숲 가장자리의 작은 집",
                "a little house at the edge of a forest",
            ),
            about=(
                (
                    "The forest was full of tall trees and singing birds.",
                    "숲에는 키 큰 나무와 노래하는 새들이 가득했어요.",
                ),
                (
                    "In the forest, sunlight peeked through the leaves of the tall trees.",
                    "숲에서는 키 큰 나무들의 나뭇잎 사이로 햇살이 살며시 비쳤어요.",
                ),
            ),
            props="among tall trees",
            spots=(
                _spot(
                    "under the tallest tree",
                    "가장 키 큰 나무 아래",
                    "the tallest tree",
                    "가장 키 큰 나무",
                    "under a tall tree",
                ),
                _spot(
                    "behind the mossy rocks",
                    "이끼 낀 바위 뒤",
                    "the mossy rocks",
                    "이끼 낀 바위",
                    "behind mossy rocks",
                ),
                _spot(
                    "among the ferns and flowers",
                    "고사리와 꽃 사이",
                    "the ferns and flowers",
                    "고사리와 꽃",
                    "among ferns and flowers",
                ),
            ),
            crossing=Place(
                "the little wooden bridge over the stream",
                "시냇물 위의 작은 나무 다리",
                "a little wooden bridge over a river",
            ),
            den=Place(
                "the cozy hole under the old tree",
                "오래된 큰 나무 아래 아늑한 굴",
                "a cozy hole under a big old tree",
            ),
            locals=("rabbit", "fox", "squirrel", "owl", "bear", "bird", "mouse"),
            pals=(
                "rabbit",
                "bear",
                "fox",
                "squirrel",
                "owl",
                "bird",
                "dragon",
                "dog",
                "cat",
                "mouse",
            ),
        ),
        Setting(
            key="beach",
            scene="beach by the sea",
            en="the beach",
            ko="바닷가",
            en_at="at the beach",
            en_to="to the beach",
            home=Place(
                "a little house by the sea", "바닷가의 작은 집", "a little house on the sand"
            ),
            about=(
                (
                    "The beach had soft sand, shiny shells and big blue waves.",
                    "바닷가에는 부드러운 모래와 반짝이는 조개껍데기, 커다란 파란 파도가 있었어요.",
                ),
                (
                    "At the beach, the sea sparkled and seagulls called from the sky.",
                    "바닷가에서는 바다가 반짝이고, 하늘에서 갈매기들이 끼룩끼룩 울었어요.",
                ),
            ),
            props="with shells on the sand",
            spots=(
                _spot(
                    "behind the big rock",
                    "커다란 바위 뒤",
                    "the big rock",
                    "커다란 바위",
                    "behind a big rock",
                ),
                _spot(
                    "near the old boat",
                    "낡은 배 근처",
                    "the old boat",
                    "낡은 배",
                    "near an old boat",
                ),
                _spot(
                    "by the pile of shells",
                    "조개껍데기 더미 옆",
                    "the pile of shells",
                    "조개껍데기 더미",
                    "by a pile of shells",
                ),
            ),
            crossing=Place(
                "the wooden bridge over the little creek",
                "작은 개울 위의 나무 다리",
                "a wooden bridge over a little river",
            ),
            den=Place(
                "the warm sand dunes near the sea",
                "바다 가까이 따뜻한 모래 언덕",
                "a cozy nest in the warm sand",
            ),
            locals=("turtle", "bird", "penguin"),
            pals=(
                "turtle",
                "dog",
                "cat",
                "penguin",
                "duck",
                "bird",
                "dragon",
                "rabbit",
                "elephant",
            ),
            water=True,
        ),
        Setting(
            key="meadow",
            scene="meadow",
            en="the meadow",
            ko="풀밭",
            en_at="in the meadow",
            en_to="to the meadow",
            home=Place(
                "a little house beside the meadow",
                "풀밭 옆 작은 집",
                "a little house beside a meadow",
            ),
            about=(
                (
                    "The meadow was full of soft grass and colorful flowers.",
                    "풀밭에는 부드러운 풀과 알록달록한 꽃이 가득했어요.",
                ),
                (
                    "In the meadow, butterflies danced over the flowers.",
                    "풀밭에서는 나비들이 꽃 위에서 춤을 추었어요.",
                ),
            ),
            props="among flowers and soft grass",
            spots=(
                _spot(
                    "behind the haystack",
                    "건초 더미 뒤",
                    "the haystack",
                    "건초 더미",
                    "behind a haystack",
                ),
                _spot(
                    "in the tall grass",
                    "키 큰 풀 사이",
                    "the tall grass",
                    "키 큰 풀",
                    "in tall grass",
                ),
                _spot(
                    "by the old fence",
                    "낡은 울타리 옆",
                    "the old fence",
                    "낡은 울타리",
                    "by an old wooden fence",
                ),
            ),
            crossing=Place(
                "the stone bridge over the creek",
                "개울 위의 돌다리",
                "a stone bridge over a little river",
            ),
            den=Place(
                "the burrow in the tall grass", "키 큰 풀 사이의 굴", "a burrow in tall grass"
            ),
            locals=("rabbit", "mouse", "frog", "bird"),
            pals=(
                "rabbit",
                "dog",
                "cat",
                "mouse",
                "elephant",
                "frog",
                "bird",
                "dragon",
                "bear",
                "fox",
                "duck",
            ),
        ),
        Setting(
            key="garden",
            scene="garden",
            en="the garden",
            ko="정원",
            en_at="in the garden",
            en_to="to the garden",
            home=Place(
                "a little house with a big garden",
                "넓은 정원이 있는 작은 집",
                "a little house with a big garden",
            ),
            about=(
                (
                    "The garden was bright with flowers, and butterflies danced everywhere.",
                    "정원에는 꽃이 활짝 피어 있었고, 나비들이 여기저기서 춤을 추었어요.",
                ),
                (
                    "The garden smelled of roses, and bees hummed among the flowers.",
                    "정원에서는 장미 향기가 났고, 꽃 사이에서 벌들이 윙윙거렸어요.",
                ),
            ),
            props="among colorful flowers",
            spots=(
                _spot(
                    "behind the rose bushes",
                    "장미 덤불 뒤",
                    "the rose bushes",
                    "장미 덤불",
                    "behind rose bushes with flowers",
                ),
                _spot(
                    "beside the little pond",
                    "작은 연못 옆",
                    "the little pond",
                    "작은 연못",
                    "beside a little pond",
                ),
                _spot(
                    "among the tall sunflowers",
                    "키 큰 해바라기 사이",
                    "the tall sunflowers",
                    "키 큰 해바라기",
                    "among tall sunflowers",
                ),
            ),
            crossing=Place(
                "the tiny bridge over the pond",
                "연못 위의 조그만 다리",
                "a tiny bridge over a pond",
            ),
            den=Place(
                "the nest in the old apple tree",
                "오래된 사과나무의 둥지",
                "a nest in an apple tree",
            ),
            locals=("bird", "frog", "mouse", "rabbit"),
            pals=("cat", "dog", "rabbit", "mouse", "frog", "bird", "dragon", "turtle", "duck"),
            water=True,
        ),
        Setting(
            key="park",
            scene="park",
            en="the park",
            ko="공원",
            en_at="in the park",
            en_to="to the park",
            home=Place(
                "a little house across from the park",
                "공원 건너편의 작은 집",
                "a little house across from a park",
            ),
            about=(
                (
                    "The park had swings, a slide and a big pond with ducks.",
                    "공원에는 그네와 미끄럼틀, 그리고 오리들이 사는 커다란 연못이 있었어요.",
                ),
                (
                    "The park was green and wide, with a fountain in the middle.",
                    "공원은 푸르고 넓었어요. 한가운데에는 분수가 있었지요.",
                ),
            ),
            props="near a big tree and a swing",
            spots=(
                _spot("under the slide", "미끄럼틀 아래", "the slide", "미끄럼틀", "under a slide"),
                _spot(
                    "behind the big tree",
                    "큰 나무 뒤",
                    "the big tree",
                    "큰 나무",
                    "behind a big tree",
                ),
                _spot("by the fountain", "분수 옆", "the fountain", "분수", "by a fountain"),
            ),
            crossing=Place(
                "the little red bridge over the pond",
                "연못 위의 작은 빨간 다리",
                "a little red bridge over a pond",
            ),
            den=Place(
                "the reeds at the edge of the pond",
                "연못 가장자리 갈대 사이",
                "reeds at the edge of a pond",
            ),
            locals=("duck", "squirrel", "bird", "frog"),
            pals=("dog", "cat", "rabbit", "squirrel", "duck", "bird", "elephant", "dragon", "bear"),
            water=True,
        ),
        Setting(
            key="mountain",
            scene="mountain",
            en="the mountain",
            ko="산",
            en_at="on the mountain",
            en_to="up the mountain",
            home=Place(
                "a little house at the foot of the mountain",
                "산 아래 작은 집",
                "a little house at the foot of a mountain",
            ),
            about=(
                (
                    "The mountain was tall and green, with a sparkling waterfall.",
                    "산은 높고 푸르렀고, 반짝이는 폭포가 있었어요.",
                ),
                (
                    "From the mountain, you could see clouds floating close by.",
                    "산에서는 구름이 바로 옆에 둥실 떠 있는 게 보였어요.",
                ),
            ),
            props="with a waterfall and pine trees",
            spots=(
                _spot(
                    "behind the big rock",
                    "커다란 바위 뒤",
                    "the big rock",
                    "커다란 바위",
                    "behind a big rock",
                ),
                _spot(
                    "under the tall pine trees",
                    "키 큰 소나무 아래",
                    "the tall pine trees",
                    "키 큰 소나무",
                    "under tall pine trees",
                ),
                _spot(
                    "near the waterfall", "폭포 근처", "the waterfall", "폭포", "near a waterfall"
                ),
            ),
            crossing=Place(
                "the strong wooden bridge over the valley",
                "골짜기 위의 튼튼한 나무 다리",
                "a strong wooden bridge over a valley",
            ),
            den=Place(
                "the warm den behind the waterfall",
                "폭포 뒤의 따뜻한 보금자리",
                "a warm den behind a waterfall",
            ),
            locals=("bear", "fox", "squirrel", "bird", "owl"),
            pals=("bear", "fox", "dog", "squirrel", "owl", "dragon", "bird", "rabbit"),
        ),
        Setting(
            key="village",
            scene="village",
            en="the village",
            ko="마을",
            en_at="in the village",
            en_to="to the village",
            home=Place(
                "a little house in the middle of the village",
                "마을 한가운데의 작은 집",
                "a little house in a village",
            ),
            about=(
                (
                    "The village had little houses with red roofs "
                    "and a bakery that smelled of bread.",
                    "마을에는 빨간 지붕의 작은 집들과 빵 냄새가 솔솔 나는 빵집이 있었어요.",
                ),
                (
                    "In the village, everyone waved hello, and flowers grew in every window.",
                    "마을에서는 모두가 반갑게 손을 흔들었고, 창문마다 꽃이 피어 있었어요.",
                ),
            ),
            props="near little houses with flowers",
            spots=(
                _spot(
                    "behind the bakery",
                    "빵집 뒤",
                    "the bakery",
                    "빵집",
                    "behind a little bakery house",
                ),
                _spot(
                    "by the old well",
                    "오래된 우물 옆",
                    "the old well",
                    "오래된 우물",
                    "by an old stone well",
                ),
                _spot(
                    "next to the flower shop",
                    "꽃집 옆",
                    "the flower shop",
                    "꽃집",
                    "next to a flower shop with flowers",
                ),
            ),
            crossing=Place("the old stone bridge", "오래된 돌다리", "an old stone bridge"),
            den=None,
            locals=("cat", "dog", "bird", "mouse"),
            pals=("cat", "dog", "mouse", "bird", "duck", "dragon", "elephant", "bear"),
        ),
        Setting(
            key="lake",
            scene="lake",
            en="the lake",
            ko="호수",
            en_at="by the lake",
            en_to="to the lake",
            home=Place("a little house by the lake", "호수 옆 작은 집", "a little house by a lake"),
            about=(
                (
                    "The lake was calm and blue, and little fish jumped in the sunlight.",
                    "호수는 잔잔하고 파랬어요. 햇살 속에서 작은 물고기들이 펄쩍 뛰어올랐어요.",
                ),
                (
                    "The lake was as smooth as a mirror, and ducks paddled by.",
                    "호수는 거울처럼 잔잔했고, 오리들이 둥둥 떠다녔어요.",
                ),
            ),
            props="by the calm water",
            spots=(
                _spot("among the reeds", "갈대 사이", "the reeds", "갈대", "among tall reeds"),
                _spot(
                    "by the wooden dock",
                    "나무 선착장 옆",
                    "the wooden dock",
                    "나무 선착장",
                    "by a wooden dock",
                ),
                _spot(
                    "under the willow tree",
                    "버드나무 아래",
                    "the willow tree",
                    "버드나무",
                    "under a willow tree",
                ),
            ),
            crossing=Place(
                "the long bridge across the lake",
                "호수를 가로지르는 긴 다리",
                "a long bridge across a lake",
            ),
            den=Place(
                "the reeds on the far side of the lake",
                "호수 건너편 갈대 사이",
                "reeds on the far side of a lake",
            ),
            locals=("duck", "frog", "turtle", "bird"),
            pals=("duck", "frog", "turtle", "dog", "cat", "bear", "dragon", "rabbit"),
            water=True,
        ),
        Setting(
            key="snowfield",
            scene="snowfield",
            en="the snowfield",
            ko="눈밭",
            en_at="in the snowfield",
            en_to="to the snowfield",
            home=Place(
                "a little house on a snowy hill",
                "눈 덮인 언덕 위의 작은 집",
                "a little house on a snowy hill",
            ),
            about=(
                (
                    "The snowfield was white and sparkly, and every breath made a little cloud.",
                    "눈밭은 하얗게 반짝였고, 숨을 쉴 때마다 작은 구름이 피어올랐어요.",
                ),
                (
                    "Snow covered the snowfield like a thick white blanket.",
                    "두꺼운 하얀 이불처럼 눈이 눈밭을 폭 덮고 있었어요.",
                ),
            ),
            props="with a snowman and snowy pine trees",
            spots=(
                _spot(
                    "behind the snowman", "눈사람 뒤", "the snowman", "눈사람", "behind a snowman"
                ),
                _spot(
                    "under the snowy pine tree",
                    "눈 쌓인 소나무 아래",
                    "the snowy pine tree",
                    "눈 쌓인 소나무",
                    "under a snowy pine tree",
                ),
                _spot(
                    "by the frozen pond",
                    "꽁꽁 언 연못 옆",
                    "the frozen pond",
                    "꽁꽁 언 연못",
                    "by a frozen pond",
                ),
            ),
            crossing=Place(
                "the icy bridge over the frozen stream",
                "꽁꽁 언 시냇물 위의 얼음 다리",
                "an icy bridge over a frozen river",
            ),
            den=Place(
                "the icy shore beyond the hill",
                "언덕 너머 얼음 바닷가",
                "an icy bay beyond a snowy hill",
            ),
            locals=("penguin", "fox", "rabbit", "owl"),
            pals=("penguin", "fox", "rabbit", "bear", "dog", "owl", "dragon"),
            weather="snowy",
        ),
        Setting(
            key="castle",
            scene="castle",
            en="the castle",
            ko="성",
            en_at="at the castle",
            en_to="to the castle",
            home=Place(
                "a little house near an old castle on the hill",
                "언덕 위 오래된 성 근처의 작은 집",
                "a little house near an old castle on a hill",
            ),
            about=(
                (
                    "The old castle had tall towers, colorful flags and a secret garden.",
                    "오래된 성에는 높은 탑과 알록달록한 깃발, 그리고 비밀 정원이 있었어요.",
                ),
                (
                    "The castle stood on the hill, and its flags waved in the breeze.",
                    "성은 언덕 위에 우뚝 서 있었고, 깃발이 산들바람에 펄럭였어요.",
                ),
            ),
            props="with towers and flags",
            spots=(
                _spot(
                    "behind the tall tower",
                    "높은 탑 뒤",
                    "the tall tower",
                    "높은 탑",
                    "behind a tall castle tower",
                ),
                _spot(
                    "in the secret garden",
                    "비밀 정원 안",
                    "the secret garden",
                    "비밀 정원",
                    "in a secret garden with flowers",
                ),
                _spot(
                    "by the big castle door",
                    "성의 커다란 문 옆",
                    "the big castle door",
                    "성의 커다란 문",
                    "by a big castle door",
                ),
            ),
            crossing=Place(
                "the big bridge in front of the castle",
                "성 앞의 커다란 다리",
                "a big bridge in front of a castle",
            ),
            den=None,
            locals=("bird", "mouse", "owl", "cat"),
            pals=("dragon", "cat", "dog", "mouse", "owl", "bird", "bear"),
        ),
        Setting(
            key="classroom",
            scene="classroom",
            en="the classroom",
            ko="교실",
            en_at="in the classroom",
            en_to="to school",
            home=Place(
                "a little house near the school",
                "학교 근처의 작은 집",
                "a little house near a school",
            ),
            about=(
                (
                    "{hero_s} classroom was bright and cheerful, "
                    "full of books, paints and big windows.",
                    "{hero}의 교실은 밝고 즐거웠어요. 책과 물감, 그리고 커다란 창문이 가득했지요.",
                ),
                (
                    "The classroom had a reading corner, a fish tank and pictures on every wall.",
                    "교실에는 책 읽는 구석과 어항이 있었고, 벽마다 그림이 붙어 있었어요.",
                ),
            ),
            props="with books and big windows",
            spots=(
                _spot(
                    "by the big window",
                    "커다란 창문 옆",
                    "the big window",
                    "커다란 창문",
                    "by a big window",
                ),
                _spot(
                    "in the book corner",
                    "책 읽는 구석",
                    "the book corner",
                    "책 읽는 구석",
                    "in a corner full of books",
                ),
                _spot(
                    "next to the paint table",
                    "물감 책상 옆",
                    "the paint table",
                    "물감 책상",
                    "next to a table with paints",
                ),
            ),
            crossing=None,
            den=None,
            locals=("bird", "mouse"),
            pals=(
                "rabbit",
                "bear",
                "dog",
                "cat",
                "mouse",
                "penguin",
                "elephant",
                "fox",
                "squirrel",
                "duck",
            ),
            indoor=True,
            home_scene="town",
        ),
        Setting(
            key="space",
            scene="space",
            en="space",
            ko="우주",
            en_at="in space",
            en_to="into space",
            home=Place(
                "a little house under the stars",
                "별빛 아래 작은 집",
                "a little house under the stars",
            ),
            about=(
                (
                    "Space was dark and wide, full of stars and planets.",
                    "우주는 어둡고 넓었어요. 별과 행성이 가득했지요.",
                ),
            ),
            props="among stars and planets",
            spots=(
                _spot("near the moon", "달 근처", "the moon", "달", "near the moon"),
                _spot(
                    "by a planet with rings",
                    "고리가 있는 행성 옆",
                    "a planet with rings",
                    "고리가 있는 행성",
                    "by a planet with rings",
                ),
                _spot(
                    "among the twinkling stars",
                    "반짝이는 별들 사이",
                    "the twinkling stars",
                    "반짝이는 별들",
                    "among twinkling stars",
                ),
            ),
            crossing=None,
            den=None,
            locals=("owl", "bird"),
            pals=("owl", "dragon", "cat", "bear", "rabbit", "dog", "bird"),
            weather="starry",
            article=False,
            home_scene="village",
        ),
    )
}

# The lesson a story ends on. Values are what themes ask for; each plot supports a few.
LESSONS: dict[str, tuple[Pair, ...]] = {
    "kindness": (
        (
            "{hero} learned that kindness can turn a stranger into a friend.",
            "{hero:은} 친절이 낯선 이도 친구로 만들어 준다는 걸 배웠어요.",
        ),
        (
            "A little kindness can make the whole world brighter.",
            "작은 친절이 온 세상을 더 환하게 만들어요.",
        ),
    ),
    "friendship": (
        (
            "{hero} knew that with a good friend by your side, every day is an adventure.",
            "좋은 친구가 곁에 있으면 매일이 모험이라는 걸 {hero:은} 알게 되었어요.",
        ),
        (
            "Friends make happy days happier and hard days easier.",
            "친구가 있으면 기쁜 날은 더 기쁘고, 힘든 날은 더 쉬워져요.",
        ),
    ),
    "courage": (
        (
            "Courage doesn't mean you are never scared. "
            "It means you keep going, one small step at a time.",
            "용기란 하나도 무섭지 않은 게 아니에요. 무서워도 한 걸음씩 나아가는 거예요.",
        ),
        (
            "{hero} learned that courage grows bigger when you share it with a friend.",
            "{hero:은} 친구와 함께하면 용기가 더 커진다는 걸 배웠어요.",
        ),
    ),
    "sharing": (
        (
            "When we share, our happiness grows bigger and our hearts grow warmer.",
            "함께 나누면 행복은 더 커지고 마음은 더 따뜻해져요.",
        ),
        (
            "Sharing is like magic: the more you give, the more joy there is.",
            "나눔은 마법 같아요. 나눌수록 기쁨이 더 커지거든요.",
        ),
    ),
    "family": (
        (
            "{hero} knew that home is wherever your family is: the people who love you most.",
            "가장 사랑하는 사람들, 가족이 있는 곳이 바로 집이라는 걸 {hero:은} 알았어요.",
        ),
        (
            "There is no hug as warm as a hug from your family.",
            "가족의 포옹만큼 따뜻한 포옹은 없어요.",
        ),
    ),
    "sleep": (
        (
            "The dark is calm and gentle, and the stars keep watch while we sleep.",
            "어둠은 고요하고 다정해요. 우리가 잠든 동안 별들이 지켜 주지요.",
        ),
        (
            "Even in the dark, {hero} knew that love and friends are always near.",
            "어둠 속에서도 사랑과 친구는 늘 가까이 있다는 걸 {hero:은} 알았어요.",
        ),
    ),
}

# Words in a theme or extra prompt that steer the story: data, in lib/vocabulary/concepts.yaml.
_VOCAB = vocabulary()
VALUE_WORDS: dict[str, tuple[str, ...]] = _VOCAB.of_kind("value")
SETTING_WORDS: dict[str, tuple[str, ...]] = _VOCAB.of_kind("setting")
# Rain steers the plot rather than the place.
STORM_WORDS: tuple[str, ...] = _VOCAB.of_kind("weather")["storm"]
ANIMAL_WORDS: dict[str, tuple[str, ...]] = _VOCAB.of_kind("animal")
TOY_WORDS: dict[str, tuple[str, ...]] = _VOCAB.of_kind("toy")
COLOR_WORDS: dict[str, tuple[str, ...]] = {k: tuple(c.words) for k, c in _VOCAB.colors.items()}
