"""Beats several daytime plots share: the opening, the walk, and the way home to bed."""

from __future__ import annotations

from moretale_assets.lib.providers.offline.story_beats import Beat, beat

# --- setup ---------------------------------------------------------------------------------

OPENING = (
    beat(
        "{hero} and {pal_intro} were best friends at school. One {weather_adj} morning, they "
        "sat down together in the classroom.",
        "{hero:와} {pal_intro:은} 학교 단짝 친구였어요. {weather_adj} 아침, 둘은 교실에 나란히 "
        "앉았어요.",
        "{child} and {pal} sit together at a desk with a book",
        time="morning",
        shot="wide shot",
        only=("classroom",),
    ),
    Beat(
        lines=(
            (
                "{hero} and {pal_intro} were best friends. One {weather_adj} morning, they went "
                "out to play {at}.",
                "{hero:와} {pal_intro:은} 단짝 친구였어요. {weather_adj} 아침, 둘은 {to} 놀러 "
                "나갔어요.",
            ),
            (
                "One {weather_adj} morning, {hero} ran {to} to play with {pal_intro}. They were "
                "best friends.",
                "{weather_adj} 아침, {hero:은} {pal_intro:와} 놀려고 {to} 달려갔어요. 둘은 단짝 "
                "친구였어요.",
            ),
        ),
        scene="{child} and {pal} play together {props}",
        time="morning",
        shot="wide shot",
    ),
)

WAKE = Beat(
    lines=(
        (
            "One {weather_adj} morning, {hero} woke up in bed with a big smile.",
            "{weather_adj} 아침, {hero:은} 침대에서 환한 미소를 지으며 일어났어요.",
        ),
        (
            "Good morning! {hero} jumped out of bed, ready for a brand-new day.",
            "좋은 아침! {hero:은} 새로운 하루를 맞으러 침대에서 폴짝 뛰어내렸어요.",
        ),
    ),
    scene="{child} stretches beside a bed near a window with a flower pot",
    place="bedroom",
    time="morning",
    prio=1,
    more=("Today felt like a day for an adventure.", "오늘은 왠지 모험을 떠나고 싶은 날이었어요."),
)
HOME_INTRO = beat(
    "{hero} lived with a loving family in {home}.",
    "{hero:은} 다정한 가족과 함께 {home}에 살았어요.",
    "{child} stands at the door of {home}, waving",
    prio=3,
    place="home",
    shot="wide shot",
    more=("From the window, {hero} could see {setting}.", "창문 너머로 {setting:이} 보였어요."),
)
WEATHER_SKY = Beat(
    lines=(("{weather_line}", "{weather_line}"),),
    scene="{child} looks up at the sky in front of {home}",
    prio=4,
    place="home",
    shot="wide shot",
    more=("It was a perfect day to play outside.", "밖에서 놀기 딱 좋은 날이었어요."),
)
LOOK = beat(
    "{hero} {outfit}. Now {hero} was ready for the day!",
    "{hero:은} {outfit}. 이제 하루를 시작할 준비가 끝났어요!",
    "{child} gets dressed in a cozy bedroom, smiling at a mirror",
    place="bedroom",
    prio=3,
)
PAL = Beat(
    lines=(
        (
            "{hero_s} best friend was {pal_intro}.",
            "{hero}의 단짝 친구는 {pal_intro:이었어요}.",
        ),
        (
            "{hero} had a best friend: {pal_intro}.",
            "{hero}에게는 단짝 친구가 있었어요. 바로 {pal_intro:이었어요}.",
        ),
    ),
    scene="{child} hugs {pal} {props}",
    prio=0,
    more=("They did everything together.", "둘은 무엇이든 함께했어요."),
)
PLACE = Beat(
    lines=(("{about}", "{about}"),),
    scene="{child} and {pal} explore together {props}",
    prio=0,
    shot="wide shot",
    more=(
        "{hero} and {pal} played there every day.",
        "{hero:와} {pal:은} 날마다 그곳에서 놀았어요.",
    ),
)
TRAIT = Beat(
    lines=(("{pal_trait}", "{pal_trait}"),),
    scene="{child} laughs as {pal} shows off {props}",
    prio=2,
    mood="excited",
    more=("{hero} always cheered the loudest.", "{hero:은} 언제나 가장 큰 소리로 응원했어요."),
)
PLAY = beat(
    "{hero} and {pal} {play}.",
    "{hero:와} {pal:은} {play}.",
    "{child} and {pal} play with {toy} {props}",
    prio=1,
    shot="wide shot",
    mood="excited",
    more=("It was the best game in the whole world.", "세상에서 제일 재미있는 놀이였어요."),
)

DAY_SETUP = (WAKE, HOME_INTRO, WEATHER_SKY, LOOK, PAL, PLACE, TRAIT, PLAY)

# --- journey fillers: only for plots where the friends are walking somewhere ---------------------

SONG = beat(
    "{pal} sang a silly song as they walked, and {hero} sang along. Even the birds joined in!",
    "걸어가며 {pal:이} 우스꽝스러운 노래를 부르자, {hero}도 따라 불렀어요. 새들도 함께 노래했어요!",
    "{child} and {pal} sing as they walk {props}",
    prio=5,
    mood="happy",
    skip=("classroom", "space"),
)
REST = beat(
    "They sat down on a rock to rest and shared a crunchy apple.",
    "둘은 바위에 앉아 쉬면서 아삭아삭한 사과를 나누어 먹었어요.",
    "{child} and {pal} sit on a rock and share a red apple {props}",
    prio=5,
    mood="calm",
    skip=("classroom", "space"),
)
BUTTERFLY = beat(
    "A yellow butterfly fluttered over the flowers, as if to say, “This way!”",
    "노란 나비 한 마리가 “이쪽이야!” 하고 말하듯 꽃 위로 팔랑팔랑 날아갔어요.",
    "{child} and {pal} follow a yellow butterfly over a flower {props}",
    prio=6,
    mood="surprised",
    skip=("classroom", "space", "snowfield", "beach"),
)
COUNT = beat(
    "They counted the flowers along the path: one, two, three... ten!",
    "둘은 길을 따라 핀 꽃을 세어 보았어요. 하나, 둘, 셋… 열!",
    "{child} and {pal} count flowers along a path {props}",
    prio=6,
    skip=("classroom", "space", "snowfield", "beach"),
)
SEASHELL = beat(
    "{pal} found a pink shell and held it up to {hero_s} ear. Whoosh! It sounded like the sea.",
    "{pal:이} 분홍색 조개껍데기를 주워 {hero}의 귀에 대 주었어요. 쏴아! 바다 소리가 났어요.",
    "{child} listens to a pink shell held up by {pal} {props}",
    prio=6,
    mood="surprised",
    only=("beach",),
)
SEAGULL = beat(
    "A seagull swooped low over the waves and called, “Keep going!”",
    "갈매기 한 마리가 파도 위로 낮게 날며 “힘내!” 하고 외쳤어요.",
    "a white bird swoops over {child} and {pal} {props}",
    prio=6,
    only=("beach",),
)
SNOW_TRACKS = beat(
    "Crunch, crunch! Their feet left little footprints in the snow.",
    "뽀드득, 뽀드득! 눈 위에 둘의 발자국이 콕콕 찍혔어요.",
    "{child} and {pal} leave footprints in the snow {props}",
    prio=6,
    only=("snowfield",),
)
SNOWMAN_WAVE = beat(
    "They waved at a snowman with a carrot nose. It looked like it was smiling back!",
    "둘은 당근 코를 단 눈사람에게 손을 흔들었어요. 눈사람도 미소를 짓는 것 같았어요!",
    "{child} and {pal} wave at a snowman {props}",
    prio=6,
    only=("snowfield",),
)

# --- resolution ------------------------------------------------------------------------------

LESSON = beat(
    "{lesson}",
    "{lesson}",
    "{child} and {pal} smile together {props}",
    prio=0,
    mood="happy",
)
SUNSET = Beat(
    lines=(
        (
            "The sun began to set, painting the sky orange and pink.",
            "해가 뉘엿뉘엿 지면서 하늘을 주황빛과 분홍빛으로 물들였어요.",
        ),
        (
            "Soon the sun sank low and painted the sky gold.",
            "곧 해가 낮게 내려앉아 하늘을 금빛으로 물들였어요.",
        ),
    ),
    scene="{child} and {pal} watch the sunset together {props}",
    prio=2,
    time="sunset",
    shot="wide shot",
    mood="calm",
    more=("The birds flew home to their nests.", "새들도 둥지로 날아갔어요."),
)
GOODBYE = beat(
    "“See you tomorrow, {pal}!” {hero} called, waving a hand high in the air.",
    "“{pal:아}, 내일 또 만나!” {hero:이} 손을 높이 흔들며 외쳤어요.",
    "{child} says goodbye to {pal} near {home}, waving",
    prio=2,
    place="home",
    more=(
        "{pal} waved back until {hero} was out of sight.",
        "{pal:은} {hero:이} 보이지 않을 때까지 손을 흔들었어요.",
    ),
)
HOME = Beat(
    lines=(
        (
            "That evening, {hero} told the family all about the day.",
            "그날 저녁, {hero:은} 가족에게 오늘 있었던 일을 모두 이야기했어요.",
        ),
        (
            "Back home, {hero} had a warm dinner with the family and told them everything.",
            "집에 돌아온 {hero:은} 가족과 따뜻한 저녁을 먹으며 모든 걸 이야기했어요.",
        ),
    ),
    scene="{child} talks happily with the family at a dinner table",
    prio=1,
    place="kitchen",
    time="evening",
    more=("Everyone listened with big smiles.", "모두 환한 미소를 지으며 귀 기울여 들었어요."),
)
DINNER = beat(
    "Dinner was warm soup and fresh bread. {hero} ate every last bite.",
    "저녁으로 따뜻한 수프와 갓 구운 빵을 먹었어요. {hero:은} 한 입도 남기지 않았어요.",
    "{child} eats soup and bread at a table",
    prio=3,
    place="kitchen",
    time="evening",
    more=("Then it was time for a warm bath.", "그러고 나서 따뜻한 물로 목욕을 했어요."),
)
BEDTIME = Beat(
    lines=(
        (
            "That night, {hero} snuggled into bed with a happy heart.",
            "그날 밤, {hero:은} 행복한 마음으로 침대에 폭 파묻혔어요.",
        ),
        (
            "At bedtime, {hero} looked at the moon and smiled. What a day!",
            "잠자리에 든 {hero:은} 달을 바라보며 미소 지었어요. 정말 멋진 하루였어요!",
        ),
    ),
    scene="{child} lies in bed and looks at the moon through a window",
    prio=1,
    place="bedroom",
    time="night",
    mood="calm",
    shot="medium shot",
    more=("{hero} fell asleep smiling.", "{hero:은} 미소를 띤 채 잠이 들었어요."),
)
DREAM = beat(
    "In {hero_s} dreams, {hero} and {pal} played {at} again.",
    "꿈에서도 {hero:와} {pal:은} {at} 함께 놀았어요.",
    "{child} sleeps in bed under a window with a moon and a star, dreaming of {pal}",
    prio=4,
    place="bedroom",
    time="night",
    mood="calm",
    shot="close-up",
)
