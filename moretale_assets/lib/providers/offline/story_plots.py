"""The plot templates. Each one paces setup, rising action, climax (a choice the hero makes) and
a warm resolution, with enough beats for 32 pages and a one-page version of every act for 4.
"""

from __future__ import annotations

from moretale_assets.lib.providers.offline.story_beats import Act, Plot, beat
from moretale_assets.lib.providers.offline.story_shared import (
    BEDTIME,
    BUTTERFLY,
    COUNT,
    DAY_SETUP,
    DINNER,
    DREAM,
    GOODBYE,
    HOME,
    LESSON,
    OPENING,
    REST,
    SEAGULL,
    SEASHELL,
    SNOW_TRACKS,
    SNOWMAN_WAVE,
    SONG,
    SUNSET,
)

DAY_OPENING = Act(compact=OPENING, beats=DAY_SETUP)
OUTDOORS = ("forest", "beach", "meadow", "garden", "park", "mountain", "village", "lake", "castle")

# --- 1. The lost toy: kindness wins a new friend ---------------------------------------------

LOST_TOY = Plot(
    key="lost_toy",
    titles=(
        ("{hero} and the Lost {Toy_kind}", "{hero:와} 사라진 {toy_kind}"),
        ("Where Did the {Toy_kind} Go?", "{toy_kind:은} 어디로 갔을까?"),
    ),
    values=("kindness", "friendship", "sharing"),
    settings=(*OUTDOORS, "snowfield"),
    track="day",
    setup=DAY_OPENING,
    rising=Act(
        compact=(
            beat(
                "{toy_lost} {hero} and {pal} searched high and low. At last they found it: "
                "{guest_a} was holding it tight.",
                "{toy_lost} {hero:와} {pal:은} 여기저기 찾아다녔어요. 마침내 {guest_a:이} "
                "{toy_kind:을} 꼭 안고 있는 걸 찾았어요.",
                "{child} and {pal} find {guest} holding {toy} {spot1}",
                weather="@toy",
                shot="wide shot",
                mood="surprised",
            ),
        ),
        beats=(
            beat(
                "{toy_lost}",
                "{toy_lost}",
                "{child} reaches up as {toy} gets away {props}",
                prio=0,
                weather="@toy",
                shot="wide shot",
                mood="surprised",
                more=("In a blink, it was gone.", "순식간에 보이지 않게 되었어요."),
            ),
            beat(
                "“My {toy_kind}!” cried {hero}. It was {hero_s} favorite toy in the whole world.",
                "“내 {toy_kind}!” {hero:이} 외쳤어요. 세상에서 제일 아끼는 장난감이었거든요.",
                "{pal} gently pats the arm of {child} {props}",
                prio=1,
                shot="close-up",
                mood="sad",
                more=(
                    "{hero} had carried it everywhere since a birthday long ago.",
                    "오래전 생일 선물로 받은 뒤로 {hero:은} 어디든 그것을 가지고 다녔어요.",
                ),
            ),
            beat(
                "{pal} held {hero_s} hand. “Don't worry. Friends help each other. Let's find it "
                "together!”",
                "{pal:이} {hero}의 손을 꼭 잡았어요. “걱정 마. 친구는 서로 돕는 거야. 우리 같이 "
                "찾아보자!”",
                "{pal} holds the hand of {child} {props}",
                prio=1,
                mood="calm",
                more=(
                    "So off they went, looking left and right.",
                    "둘은 왼쪽 오른쪽을 두리번거리며 길을 나섰어요.",
                ),
            ),
            beat(
                "First, they looked {spot1}. But the {toy_kind} wasn't there.",
                "먼저 {spot1:을} 살펴보았어요. 하지만 {toy_kind:은} 없었어요.",
                "{child} and {pal} search {spot1}",
                prio=2,
                more=(
                    "Only a ladybug looked back at them.",
                    "무당벌레 한 마리만 둘을 쳐다보았어요.",
                ),
            ),
            SONG,
            beat(
                "Next, they peeked {spot2}. Still no {toy_kind}.",
                "다음에는 {spot2:을} 들여다보았어요. 여전히 {toy_kind:은} 보이지 않았어요.",
                "{child} and {pal} peek {spot2}",
                prio=2,
                more=(
                    "{hero} sighed, but {pal} said, “Let's keep looking.”",
                    "{hero:은} 한숨을 쉬었지만, {pal:은} “계속 찾아보자.” 하고 말했어요.",
                ),
            ),
            BUTTERFLY,
            SEASHELL,
            SNOW_TRACKS,
            beat(
                "{pal} even searched {spot3}, but found only a sleepy snail.",
                "{pal:은} {spot3}까지 찾아보았지만, 졸린 달팽이 한 마리만 있었어요.",
                "{pal} searches {spot3} while {child} watches",
                prio=3,
                mood="surprised",
            ),
            beat(
                "Then {helper_a} called out, “I saw {toy_a} go past {crossing}!”",
                "그때 {helper_a:이} 외쳤어요. “{toy:이} {crossing} 쪽으로 가는 걸 봤어!”",
                "{helper} points the way for {child} and {pal} {props}",
                prio=1,
                mood="surprised",
                more=(
                    "“Thank you!” called {hero} and {pal} together.",
                    "“고마워!” {hero:와} {pal:이} 함께 외쳤어요.",
                ),
            ),
            REST,
            beat(
                "Hand in hand, {hero} and {pal} hurried to {crossing}.",
                "{hero:와} {pal:은} 손을 잡고 {crossing:으로} 서둘러 달려갔어요.",
                "{child} and {pal} run hand in hand toward {crossing}",
                prio=1,
                shot="wide shot",
                mood="excited",
                more=("Their hearts beat fast with hope.", "희망으로 가슴이 두근거렸어요."),
            ),
            COUNT,
            SEAGULL,
            SNOWMAN_WAVE,
            beat(
                "They looked and looked. And there, at last, was the {toy}! {Guest_a} was "
                "holding it tight, all alone.",
                "둘은 찾고 또 찾았어요. 그리고 마침내 {toy:을} 발견했어요! {guest_a:이} 혼자서 "
                "{toy_kind:을} 꼭 붙잡고 있었어요.",
                "{child} and {pal} find {guest} holding {toy} near {crossing}",
                prio=0,
                mood="surprised",
                more=(
                    "It was hugging the {toy_kind} as if it were a treasure.",
                    "마치 보물처럼 {toy_kind:을} 꼭 끌어안고 있었지요.",
                ),
            ),
        ),
    ),
    climax=Act(
        compact=(
            beat(
                "{hero} wanted the {toy_kind} back, but the {guest} looked so lonely. So {hero} "
                "chose to be kind: “Let's play with it together!”",
                "{hero:은} {toy_kind:을} 돌려받고 싶었지만, {guest:은} 무척 외로워 보였어요. "
                "그래서 {hero:은} 다정하게 말하기로 했어요. “우리 같이 놀자!”",
                "{child} kneels and smiles at {guest} holding {toy}",
                mood="calm",
                shot="close-up",
            ),
        ),
        beats=(
            beat(
                "{hero} wanted to shout at the {guest}, “That's my {toy_kind}! Give it back!”",
                "{hero:은} {guest}에게 “그건 내 {toy_kind:이야}! 돌려줘!” 하고 소리치고 싶었어요.",
                "{child} frowns at {guest} holding {toy}",
                prio=1,
                mood="surprised",
                more=("{hero_s} cheeks felt hot and red.", "{hero}의 볼이 화끈 달아올랐어요."),
            ),
            beat(
                "But the {guest} looked so happy with the {toy_kind}, and so alone. There was no "
                "friend to play with.",
                "하지만 {guest:은} {toy_kind:을} 안고 무척 행복해 보였어요. 그리고 무척 외로워 "
                "보였어요. 같이 놀 친구가 아무도 없었거든요.",
                "{guest} hugs {toy} all alone {spot2}",
                prio=1,
                mood="sad",
                shot="close-up",
            ),
            beat(
                "{hero} took a deep breath and listened to {hero_s} heart. {hero} chose to be "
                "kind.",
                "{hero:은} 숨을 크게 들이쉬고 마음의 소리에 귀를 기울였어요. 그리고 친절하게 "
                "대하기로 했어요.",
                "{child} takes a deep breath {props}",
                prio=0,
                mood="calm",
                shot="close-up",
                more=(
                    "Being kind felt better than being angry.",
                    "화를 내는 것보다 친절한 게 더 좋을 것 같았어요.",
                ),
            ),
            beat(
                "{hero} sat down next to the {guest}. “That's my {toy_kind},” {hero} said gently. "
                "“Shall we play with it together?”",
                "{hero:은} {guest} 옆에 앉았어요. “그건 내 {toy_kind:이야}.” {hero:이} 다정하게 "
                "말했어요. “우리 같이 놀래?”",
                "{child} sits next to {guest} and smiles {props}",
                prio=0,
                mood="calm",
            ),
            beat(
                "The {guest}'s face lit up. “Really? Yes, please!”",
                "{guest}의 얼굴이 환해졌어요. “정말? 좋아!”",
                "{guest} smiles with joy next to {child}",
                prio=1,
                mood="excited",
                shot="close-up",
                more=(
                    "It held out the {toy_kind} to share.",
                    "{guest:은} 함께 놀자며 {toy_kind:을} 내밀었어요.",
                ),
            ),
        ),
    ),
    resolution=Act(
        compact=(
            beat(
                "So the three of them played together until the sky turned pink. {lesson}",
                "셋은 하늘이 분홍빛으로 물들 때까지 함께 놀았어요. {lesson}",
                "{child}, {pal} and {guest} play with {toy} together {props}",
                time="sunset",
                shot="wide shot",
                mood="happy",
            ),
        ),
        beats=(
            beat(
                "So {hero}, {pal} and the {guest} {together}.",
                "그래서 {hero}, {pal}, 그리고 {guest:은} {together}.",
                "{child}, {pal} and {guest} play with {toy} together {props}",
                prio=0,
                shot="wide shot",
                mood="excited",
                more=(
                    "Their laughter floated all the way up to the clouds.",
                    "웃음소리가 구름까지 닿을 듯했어요.",
                ),
            ),
            beat(
                "The {guest} giggled. “Now I have two new friends!”",
                "{guest:은} 키득키득 웃었어요. “이제 나한테 새로운 친구가 둘이나 생겼어!”",
                "{guest} giggles with {child} and {pal}",
                prio=1,
                mood="happy",
                more=(
                    "{hero} smiled. Sharing had made the day even better.",
                    "{hero:은} 빙그레 웃었어요. 함께 나누니 하루가 더 즐거워졌어요.",
                ),
            ),
            LESSON,
            SUNSET,
            GOODBYE,
            HOME,
            DINNER,
            BEDTIME,
            DREAM,
        ),
    ),
)

# --- 2. The storm: courage on the way home --------------------------------------------------

STORM = Plot(
    key="storm",
    titles=(
        ("{hero} and the Rainy Day", "{hero:와} 비 오는 날"),
        ("Brave Little {hero}", "용감한 {hero}"),
    ),
    values=("courage", "friendship", "kindness"),
    settings=OUTDOORS,
    track="day",
    setup=DAY_OPENING,
    rising=Act(
        compact=(
            beat(
                "Suddenly, dark clouds filled the sky, and rain began to pour. {pal} shivered. "
                "“I'm scared of the storm. I want to go home!”",
                "갑자기 먹구름이 하늘을 가득 덮더니 비가 쏟아지기 시작했어요. {pal:은} 몸을 "
                "떨었어요. “폭풍이 무서워. 집에 가고 싶어!”",
                "{child} and {pal} huddle together as rain falls {props}",
                weather="rainy",
                mood="scared",
                shot="wide shot",
            ),
        ),
        beats=(
            beat(
                "Suddenly, the sky grew dark. Big gray clouds rolled in and hid the sun.",
                "갑자기 하늘이 어두워졌어요. 커다란 회색 구름이 몰려와 해를 가렸어요.",
                "{child} and {pal} look up at gray clouds {props}",
                prio=1,
                weather="cloudy",
                shot="wide shot",
                mood="surprised",
                more=(
                    "The birds stopped singing and hurried to their nests.",
                    "새들이 노래를 멈추고 둥지로 서둘러 날아갔어요.",
                ),
            ),
            beat(
                "Whoo-oo! The wind began to blow. The trees swayed, and the leaves spun.",
                "휘이잉! 바람이 불기 시작했어요. 나무들이 흔들리고 나뭇잎이 빙글빙글 돌았어요.",
                "leaves spin around {child} and {pal} near a tree",
                prio=2,
                weather="windy",
                shot="wide shot",
                mood="surprised",
                more=("{hero} held on tight to {pal}.", "{hero:은} {pal:을} 꼭 붙잡았어요."),
            ),
            beat(
                "Pitter-patter! Rain began to fall, and raindrops splashed all around.",
                "후두둑! 비가 내리기 시작했어요. 빗방울이 사방으로 톡톡 튀었어요.",
                "raindrops splash around {child} and {pal} {props}",
                prio=0,
                weather="rainy",
                shot="wide shot",
                mood="surprised",
                more=(
                    "Drops ran down their cheeks like tiny rivers.",
                    "빗물이 작은 강물처럼 볼을 타고 흘러내렸어요.",
                ),
            ),
            beat(
                "Drip, drop! Rain dripped from {pal_s} head and {hero_s} nose.",
                "똑, 똑! {pal}의 머리와 {hero}의 코에서 빗물이 뚝뚝 떨어졌어요.",
                "rain drips on {child} and {pal}",
                prio=4,
                shot="close-up",
                mood="surprised",
            ),
            beat(
                "{pal} shivered. “I'm scared of the storm,” {pal} whispered. “I want to go home.”",
                "{pal:은} 몸을 부르르 떨었어요. “폭풍이 무서워.” {pal:이} 속삭였어요. “집에 가고 "
                "싶어.”",
                "{pal} shivers next to {child} in the rain",
                prio=0,
                mood="scared",
                shot="close-up",
                more=(
                    "{pal} had never seen such a big storm.",
                    "{pal:은} 이렇게 큰 폭풍은 처음 보았어요.",
                ),
            ),
            beat(
                "{hero} felt scared too. The rain was loud, and {hero_s} heart went thump, thump.",
                "{hero}도 무서웠어요. 비는 세차게 쏟아지고, 가슴은 콩닥콩닥 뛰었어요.",
                "{child} looks around in the rain {props}",
                prio=2,
                mood="scared",
                shot="close-up",
                more=(
                    "But {hero} remembered: being brave starts with one small step.",
                    "하지만 {hero:은} 기억했어요. 용기는 작은 한 걸음에서 시작된다는 것을요.",
                ),
            ),
            beat(
                "{Setting} looked very different in the rain.",
                "비가 내리는 {setting:은} 무척 낯설어 보였어요.",
                "{child} and {pal} stand close together {props}",
                prio=5,
                mood="scared",
                shot="wide shot",
            ),
            beat(
                "Splash! Big puddles were everywhere, and their feet got wet and cold.",
                "첨벙! 여기저기 커다란 물웅덩이가 생겼어요. 발이 젖어서 차가웠어요.",
                "{child} and {pal} step through puddles",
                prio=3,
                mood="surprised",
            ),
            beat(
                "The wind was cold, and the rain was wet. {pal} snuggled close to {hero}.",
                "바람은 차갑고 비는 축축했어요. {pal:은} {hero} 곁에 바싹 붙었어요.",
                "{pal} snuggles close to {child} in the rain",
                prio=4,
                mood="scared",
            ),
            beat(
                "Holding hands, they hurried past {spot1_np}.",
                "둘은 손을 꼭 잡고 {spot1_np:을} 지나 서둘러 걸었어요.",
                "{child} and {pal} hurry hand in hand {spot1}",
                prio=3,
                shot="wide shot",
                mood="scared",
            ),
            beat(
                "To feel braver, they sang a little rain song: “Pitter, patter, we don't mind!”",
                "용기를 내려고 둘은 작은 비 노래를 불렀어요. “후두둑, 똑똑, 괜찮아!”",
                "{child} and {pal} sing in the rain",
                prio=5,
                mood="calm",
            ),
            beat(
                "To get home, they had to cross {crossing}. It looked slippery in the rain.",
                "집으로 가려면 {crossing:을} 건너야 했어요. 비에 젖어 미끄러워 보였어요.",
                "{child} and {pal} stop in front of {crossing}",
                prio=1,
                shot="wide shot",
                mood="scared",
                more=(
                    "The water below looked deep and gray.",
                    "아래로 보이는 물은 깊고 잿빛이었어요.",
                ),
            ),
        ),
    ),
    climax=Act(
        compact=(
            beat(
                "{hero} was scared too. But {hero} opened a little {umbrella}, held it over "
                "{pal} and said, “Hold my hand. We can do this together!” Step by step, they "
                "crossed {crossing}.",
                "{hero}도 무서웠어요. 하지만 {hero:은} 작은 {umbrella:을} 펴서 {pal} 쪽으로 "
                "씌워 주며 말했어요. “내 손 잡아. 우리 함께라면 할 수 있어!” 둘은 한 걸음 한 걸음 "
                "{crossing:을} 건넜어요.",
                "{child} holds {umbrella} over {pal} while crossing {crossing}",
                shot="wide shot",
                mood="calm",
            ),
        ),
        beats=(
            beat(
                "{hero} pulled a small {umbrella} out of a little bag. It was just big enough "
                "for one.",
                "{hero:은} 가방에서 작은 {umbrella:을} 꺼냈어요. 딱 한 명만 쓸 수 있는 크기였어요.",
                "{child} opens {umbrella} in the rain",
                prio=1,
                shot="close-up",
                mood="surprised",
            ),
            beat(
                "{hero} could keep out of the rain alone under a little {umbrella}. But "
                "{hero} held it over {pal} instead.",
                "{hero:은} 작은 우산을 혼자 쓰고 비를 피할 수도 있었어요. 하지만 {hero:은} "
                "우산을 {pal} 쪽으로 씌워 주었어요.",
                "{child} holds {umbrella} over {pal} in the rain",
                prio=0,
                mood="calm",
                shot="close-up",
                more=(
                    "{pal} looked up in surprise. “Really? Thank you!”",
                    "{pal:이} 깜짝 놀라 올려다보았어요. “정말? 고마워!”",
                ),
            ),
            beat(
                "“Hold my hand,” said {hero}. “Together, we can find our courage.”",
                "“내 손 잡아.” {hero:이} 말했어요. “함께라면 우린 용기를 낼 수 있어.”",
                "{child} reaches out a hand to {pal}",
                prio=1,
                mood="calm",
                more=(
                    "{pal} took {hero_s} hand and held on tight.",
                    "{pal:은} {hero}의 손을 꼭 잡았어요.",
                ),
            ),
            beat(
                "Step by step, they crossed {crossing}, singing a brave little song.",
                "둘은 용감한 노래를 부르며 한 걸음 한 걸음 {crossing:을} 건넜어요.",
                "{child} and {pal} cross {crossing} under {umbrella}",
                prio=0,
                shot="wide shot",
                mood="calm",
                more=(
                    "The bridge was wet, but they walked slowly and carefully.",
                    "다리는 젖어 있었지만, 둘은 천천히 조심조심 걸었어요.",
                ),
            ),
            beat(
                "The rain kept falling. {hero} was still a little scared, but {hero_s} feet kept "
                "going.",
                "비는 계속 내렸어요. {hero:은} 아직 조금 무서웠지만, 발은 멈추지 않았어요.",
                "{child} walks on bravely under {umbrella}",
                prio=2,
                mood="scared",
            ),
        ),
    ),
    resolution=Act(
        compact=(
            beat(
                "On the other side, the rain stopped, and a rainbow filled the sky. {lesson}",
                "{crossing:을} 건너자 비가 그치고 하늘에 무지개가 떴어요. {lesson}",
                "{child} and {pal} cheer under a rainbow {props}",
                weather="rainbow",
                shot="wide shot",
                mood="excited",
            ),
        ),
        beats=(
            beat(
                "On the other side, the rain stopped. Look! A rainbow stretched across the sky!",
                "{crossing:을} 건너자 비가 그쳤어요. 저것 봐! 하늘에 무지개가 떴어요!",
                "{child} and {pal} point at a rainbow {props}",
                prio=0,
                weather="rainbow",
                shot="wide shot",
                mood="excited",
                more=(
                    "Red, orange, yellow, green, blue and purple: every color was there!",
                    "빨강, 주황, 노랑, 초록, 파랑, 보라. 모든 색깔이 다 있었어요!",
                ),
            ),
            beat(
                "“You were so brave,” said {pal} with a big smile. “So were you!” laughed {hero}. "
                "Their hearts felt warm and light.",
                "“너 정말 용감했어.” {pal:이} 환한 미소를 지으며 말했어요. “너도!” {hero:이} "
                "웃었어요. 둘의 마음이 따뜻하고 가벼워졌어요.",
                "{child} and {pal} hug and laugh {props}",
                prio=1,
                mood="happy",
            ),
            beat(
                "Raindrops sparkled on every leaf and flower like tiny jewels.",
                "나뭇잎과 꽃마다 빗방울이 작은 보석처럼 반짝였어요.",
                "drops of water sparkle on a flower near {child} and {pal}",
                prio=3,
                shot="close-up",
                mood="calm",
            ),
            LESSON,
            SUNSET,
            GOODBYE,
            HOME,
            DINNER,
            BEDTIME,
            DREAM,
        ),
    ),
)

# --- 3. The new friend: noticing someone lonely ----------------------------------------------

NEW_FRIEND = Plot(
    key="new_friend",
    titles=(
        ("{hero} and the New Friend", "{hero:와} 새로 온 친구"),
        ("A Friend for the Little {Guest_kind}", "{guest}의 첫 친구"),
    ),
    values=("friendship", "kindness", "courage", "sharing"),
    settings=(
        "classroom",
        "park",
        "meadow",
        "village",
        "beach",
        "garden",
        "forest",
        "snowfield",
        "castle",
        "lake",
        "mountain",
    ),
    track="day",
    setup=DAY_OPENING,
    rising=Act(
        compact=(
            beat(
                "That day, {guest_a} arrived {at}. It was new here and sat all alone, looking sad.",
                "그날 {at} {guest_a:이} 처음 찾아왔어요. 이곳이 낯선 {guest:은} 혼자 앉아 "
                "슬퍼 보였어요.",
                "{guest} sits alone {spot1} while {child} and {pal} watch",
                mood="sad",
                shot="wide shot",
            ),
        ),
        beats=(
            beat(
                "That day, {hero} met someone new {at}: {guest_a} who had just moved from far "
                "away.",
                "그날 {hero:은} {at} 처음 보는 친구를 만났어요. 먼 곳에서 막 이사 온 "
                "{guest_a:이었어요}.",
                "{child} and {pal} see {guest} arrive {props}",
                prio=0,
                shot="wide shot",
                mood="surprised",
                more=(
                    "It carried a small bag and looked around shyly.",
                    "{guest:은} 작은 가방을 들고 수줍게 주위를 둘러보았어요.",
                ),
            ),
            beat(
                "The {guest} sat all alone {spot1}, looking down.",
                "{guest:은} {spot1}에 혼자 앉아 고개를 푹 숙이고 있었어요.",
                "{guest} sits alone {spot1}",
                prio=0,
                mood="sad",
                more=(
                    "Every now and then, it let out a tiny sigh.",
                    "가끔 작은 한숨을 내쉬었어요.",
                ),
            ),
            beat(
                "The other friends were busy playing. Nobody noticed the sad little {guest_kind}.",
                "다른 친구들은 노느라 바빴어요. 아무도 슬퍼하는 {guest:을} 알아채지 못했어요.",
                "friends play while {guest} sits alone {spot1}",
                prio=1,
                shot="wide shot",
                mood="sad",
            ),
            beat(
                "But {hero} saw the {guest}'s sad face. “Why is it so sad?” {hero} wondered.",
                "하지만 {hero:은} {guest}의 슬픈 얼굴을 보았어요. “왜 저렇게 슬퍼할까?” "
                "{hero:은} 궁금했어요.",
                "{child} notices {guest} sitting alone {props}",
                prio=1,
                shot="close-up",
                mood="sad",
                more=(
                    "{hero} remembered how it felt to be new somewhere.",
                    "{hero:은} 낯선 곳에 처음 갔을 때의 기분이 떠올랐어요.",
                ),
            ),
            beat(
                "{pal} whispered, “Maybe it misses its old home and old friends.”",
                "{pal:이} 속삭였어요. “예전에 살던 집이랑 친구들이 그리운가 봐.”",
                "{pal} whispers to {child} {props}",
                prio=2,
                mood="calm",
            ),
            beat(
                "{hero} and {pal} played {at}, but {hero} kept thinking about the lonely "
                "{guest_kind}.",
                "{hero:와} {pal:은} {at} 놀았지만, {hero:은} 자꾸만 외로운 {guest:이} 생각났어요.",
                "{child} plays with {pal} but looks over at {guest} {props}",
                prio=5,
            ),
            beat(
                "{hero} waved a hand and said hello. But the {guest} just looked away shyly.",
                "{hero:은} 손을 흔들며 인사했어요. 하지만 {guest:은} 수줍은 듯 고개를 돌렸어요.",
                "{child} says hello to shy {guest} with a wave",
                prio=2,
                mood="surprised",
                more=("But {hero} did not give up.", "그래도 {hero:은} 포기하지 않았어요."),
            ),
            beat(
                "At snack time, {hero} gave the lonely {guest_kind} a shiny apple. “Thank you,” "
                "the {guest} whispered, but did not smile.",
                "간식 시간에 {hero:은} 외로운 {guest}에게 반짝이는 사과를 건넸어요. “고마워.” "
                "{guest:이} 작게 말했지만, 웃지는 않았어요.",
                "{child} offers a red apple to {guest}",
                prio=3,
                mood="calm",
            ),
            beat(
                "The {guest} looked up at the sky and let out a tiny sigh.",
                "{guest:은} 하늘을 올려다보며 작은 한숨을 쉬었어요.",
                "{guest} looks up sadly {spot1}",
                prio=5,
                mood="sad",
                shot="close-up",
            ),
            beat(
                "The {guest} was drawing a picture of a faraway home.",
                "{guest:은} 먼 곳에 있는 집을 그림으로 그리고 있었어요.",
                "{guest} draws a picture of a little house {spot3}",
                prio=3,
                mood="sad",
            ),
            beat(
                "{hero} and {pal} thought and thought. How could the {guest} feel at home here?",
                "{hero:와} {pal:은} 곰곰이 생각했어요. 어떻게 하면 {guest:이} 이곳을 집처럼 "
                "편안하게 느낄 수 있을까?",
                "{child} and {pal} think hard {props}",
                prio=3,
                mood="calm",
            ),
            beat(
                "“I have an idea,” said {pal}. “What if we invite the {guest} to our game?”",
                "“좋은 생각이 있어.” {pal:이} 말했어요. “{guest:을} 우리 놀이에 초대하면 어떨까?”",
                "{pal} whispers an idea to {child} {props}",
                prio=4,
                mood="excited",
            ),
        ),
    ),
    climax=Act(
        compact=(
            beat(
                "Just then, the other friends called {hero} to play. But {hero} chose to sit with "
                "the lonely {guest} instead. “Would you like to play with me?” The {guest} "
                "smiled.",
                "그때 다른 친구들이 {hero:을} 불렀어요. 하지만 {hero:은} 외로운 {guest} 곁에 "
                "앉기로 했어요. “나랑 같이 놀래?” {guest:이} 빙긋 웃었어요.",
                "{child} sits down next to {guest} and smiles {props}",
                mood="calm",
                shot="close-up",
            ),
        ),
        beats=(
            beat(
                "Just then, the other friends called out, “{hero}! Come and play with us!” Their "
                "game looked like so much fun.",
                "바로 그때 다른 친구들이 불렀어요. “{hero:아}! 우리랑 같이 놀자!” 친구들의 "
                "놀이는 정말 재미있어 보였어요.",
                "friends wave at {child} to come and play {props}",
                prio=1,
                shot="wide shot",
                mood="excited",
            ),
            beat(
                "{hero} wanted to join the friends. But then {hero} looked at the lonely {guest} "
                "and made a choice.",
                "{hero:은} 친구들과 놀고 싶었어요. 하지만 외로운 {guest:을} 보고 마음을 정했어요.",
                "{child} looks from the friends to {guest} {props}",
                prio=0,
                mood="calm",
                shot="close-up",
                more=(
                    "The game could wait a little, but a lonely friend needed help right now.",
                    "놀이는 조금 이따 해도 되지만, 외로운 친구는 지금 바로 도움이 필요했으니까요.",
                ),
            ),
            beat(
                "{hero} walked over with {toy_a} and sat down next to the {guest}. "
                "“Would you like to play with me?”",
                "{hero:은} {toy:을} 들고 {guest} 곁으로 가서 앉았어요. “나랑 같이 놀래?”",
                "{child} sits next to {guest} holding {toy}",
                prio=0,
                mood="calm",
            ),
            beat(
                "The {guest} looked up. Slowly, a small smile spread across its face.",
                "{guest:이} 고개를 들었어요. 그리고 천천히, 얼굴에 작은 미소가 번졌어요.",
                "{guest} smiles shyly at {child}",
                prio=1,
                mood="surprised",
                shot="close-up",
            ),
            beat(
                "“I'm new here,” said the {guest}. “I didn't have a single friend, and I missed "
                "my home.”",
                "“나는 여기 처음 왔어.” {guest:이} 말했어요. “친구가 한 명도 없어서, 집이 "
                "그리웠어.”",
                "{guest} talks with {child} and {pal}",
                prio=2,
                mood="calm",
            ),
        ),
    ),
    resolution=Act(
        compact=(
            beat(
                "From that day on, the {guest} was never lonely again. {lesson}",
                "그날부터 {guest:은} 다시는 외롭지 않았어요. {lesson}",
                "{child}, {pal} and {guest} laugh together {props}",
                shot="wide shot",
            ),
        ),
        beats=(
            beat(
                "Soon {hero}, {pal} and the {guest} were playing with the {toy_kind}, laughing "
                "and laughing.",
                "곧 {hero}, {pal}, 그리고 {guest:은} {toy_kind:을} 가지고 깔깔 웃으며 놀았어요.",
                "{child}, {pal} and {guest} play with {toy} {props}",
                prio=0,
                shot="wide shot",
                mood="excited",
                more=(
                    "Even {pal} joined in with a happy dance.",
                    "{pal}도 신나게 춤을 추며 함께했어요.",
                ),
            ),
            beat(
                "The {guest} taught them a fun game from its old home.",
                "{guest:은} 예전에 살던 곳의 재미있는 놀이를 가르쳐 주었어요.",
                "{guest} shows {child} and {pal} a new game {props}",
                prio=1,
                mood="excited",
                more=(
                    "It was a little tricky, but so much fun.",
                    "조금 어려웠지만 정말 재미있었어요.",
                ),
            ),
            beat(
                "Then the other friends came too. “Can we play?” “Of course!” The circle of "
                "friends grew bigger and bigger.",
                "그러자 다른 친구들도 다가왔어요. “우리도 같이 놀아도 돼?” “물론이지!” 친구들의 "
                "동그라미가 점점 커졌어요.",
                "{child}, {pal}, {guest} and friends play in a circle {props}",
                prio=2,
                shot="wide shot",
                mood="happy",
            ),
            LESSON,
            SUNSET,
            GOODBYE,
            HOME,
            DINNER,
            BEDTIME,
            DREAM,
        ),
    ),
)

# --- 4. The picnic: sharing makes joy bigger --------------------------------------------------

PICNIC = Plot(
    key="picnic",
    titles=(
        ("{hero_s} Picnic", "{hero}의 소풍"),
        ("A Picnic for Everyone", "모두를 위한 소풍"),
    ),
    values=("sharing", "kindness", "friendship"),
    settings=("meadow", "park", "garden", "forest", "beach", "lake", "mountain", "castle"),
    track="day",
    setup=DAY_OPENING,
    rising=Act(
        compact=(
            beat(
                "{hero} and {pal} packed a little {food} for a picnic. On the way, they met "
                "{guest_a}. “I'm so hungry,” it said with a sigh.",
                "{hero:와} {pal:은} 소풍 바구니에 작은 {food:을} 담았어요. 가는 길에 "
                "{guest_a:을} 만났어요. “배고파.” {guest:이} 한숨을 쉬었어요.",
                "{child} and {pal} carry a basket with {food} and meet {guest} {props}",
                shot="wide shot",
            ),
        ),
        beats=(
            beat(
                "{hero} and {pal} packed a picnic basket with a little {food}.",
                "{hero:와} {pal:은} 소풍 바구니에 작은 {food:을} 담았어요.",
                "{child} and {pal} pack {food} into a basket",
                prio=0,
                place="kitchen",
                mood="excited",
                more=("It was just big enough for two.", "딱 둘이 먹을 만큼의 크기였어요."),
            ),
            beat(
                "They carried the basket out, looking for the perfect picnic spot.",
                "둘은 바구니를 들고 딱 좋은 소풍 장소를 찾아 나섰어요.",
                "{child} and {pal} carry a picnic basket {props}",
                prio=1,
                shot="wide shot",
                more=(
                    "The basket swung gently as they walked.",
                    "걸을 때마다 바구니가 살랑살랑 흔들렸어요.",
                ),
            ),
            SONG,
            beat(
                "On the way, they met {guest_a}. “I'm so hungry,” said the {guest} with a sigh. "
                "“I couldn't find any food today.”",
                "가는 길에 둘은 {guest_a:을} 만났어요. “배고파.” {guest:이} 한숨을 쉬며 "
                "말했어요. “오늘은 먹을 걸 하나도 못 찾았어.”",
                "{child} and {pal} meet {guest}, who looks hungry, {spot1}",
                prio=0,
                mood="surprised",
            ),
            beat(
                "Next, they met {g2_a} sitting {spot2}. “I'm hungry too,” said the {g2_kind} "
                "with a sigh.",
                "다음에는 {spot2}에 앉아 있는 {g2_a:을} 만났어요. “나도 배고파.” {g2:이} 한숨을 "
                "쉬었어요.",
                "{child} and {pal} meet {g2}, who looks hungry, {spot2}",
                prio=2,
                mood="surprised",
            ),
            BUTTERFLY,
            SEASHELL,
            beat(
                "Then {g3_a} peeked out from behind {spot1_np}. The {g3_kind} looked hungry too.",
                "그다음에는 {g3_a:이} {spot1_np} 뒤에서 빼꼼 얼굴을 내밀었어요. {g3}도 "
                "배고파 보였어요.",
                "{g3} peeks out at {child} and {pal} {spot1}",
                prio=3,
                mood="surprised",
            ),
            beat(
                "The hungry animals followed along quietly, sniffing the sweet smell of {food}.",
                "배고픈 동물 친구들이 달콤한 {food} 냄새를 맡으며 조용히 따라왔어요.",
                "{guest} and {g2} follow {child} and {pal} {props}",
                prio=3,
                shot="wide shot",
            ),
            COUNT,
            SEAGULL,
            beat(
                "At last, they found the perfect picnic spot {spot3}.",
                "마침내 {spot3}에서 딱 좋은 소풍 자리를 찾았어요.",
                "{child} and {pal} set down a basket {spot3}",
                prio=1,
                shot="wide shot",
                mood="excited",
                more=(
                    "It was shady and soft, with a lovely view.",
                    "그늘지고 폭신한 데다 경치도 아름다웠어요.",
                ),
            ),
            beat(
                "They spread out a picnic blanket and set the basket down in the middle.",
                "둘은 돗자리를 펴고 한가운데에 바구니를 내려놓았어요.",
                "{child} and {pal} spread a picnic blanket with a basket {props}",
                prio=4,
            ),
            beat(
                "Mmm! Their noses twitched. The {food} smelled sweet and delicious.",
                "음~! 코가 실룩실룩! {food}에서 달콤하고 맛있는 냄새가 났어요.",
                "{child} and {pal} smell {food}",
                prio=4,
                shot="close-up",
                mood="excited",
            ),
        ),
    ),
    climax=Act(
        compact=(
            beat(
                "The {food} was small, and the {guest} was hungry. {hero} could eat it all, but "
                "instead, {hero} cut the {food_kind} into pieces to share with everyone.",
                "{food:은} 작았고, {guest:은} 배고팠어요. {hero:은} 혼자 다 먹을 수도 "
                "있었지만, {food_kind:을} 조각조각 잘라 모두와 나누었어요.",
                "{child} cuts {food} into pieces for {pal} and {guest}",
                mood="happy",
            ),
        ),
        beats=(
            beat(
                "{hero} took the {food} out of the basket. It was small, just enough for two.",
                "{hero:은} 바구니에서 {food:을} 꺼냈어요. 딱 둘이 먹을 만큼 작은 크기였어요.",
                "{child} lifts {food} out of a basket",
                prio=0,
                shot="close-up",
                more=("{hero} was hungry too.", "{hero}도 배고팠어요."),
            ),
            beat(
                "Then {hero} saw the hungry {guest} watching from behind a tree.",
                "그때 {hero:은} 나무 뒤에서 지켜보는 배고픈 {guest:을} 보았어요.",
                "{guest} watches {child} hungrily from behind a tree",
                prio=1,
                mood="sad",
            ),
            beat(
                "{hero} thought hard. “If I share the {food_kind}, there will only be a tiny "
                "piece for me.”",
                "{hero:은} 곰곰이 생각했어요. “{food_kind:을} 나누면 내 몫은 아주 작은 조각이 "
                "될 거야.”",
                "{child} looks at {food} and thinks",
                prio=2,
                mood="calm",
                shot="close-up",
            ),
            beat(
                "Then {hero} smiled. “Let's share it with everyone!” {hero} cut the {food_kind} "
                "into little pieces, one for each friend.",
                "그러다 {hero:은} 빙긋 웃었어요. “모두 함께 나눠 먹자!” {hero:은} "
                "{food_kind:을} 작은 조각으로 잘라 친구들에게 하나씩 나눠 주었어요.",
                "{child} shares pieces of {food} with {pal} and {guest}",
                prio=0,
                mood="happy",
            ),
            beat(
                "Each piece was tiny, but every face lit up with a smile.",
                "조각은 아주 작았지만, 모두의 얼굴에 미소가 활짝 피었어요.",
                "{child}, {pal} and {guest} smile over pieces of {food}",
                prio=1,
                mood="happy",
                more=(
                    "Sharing made every bite taste sweeter.",
                    "함께 나누니 한 입 한 입이 더 달콤했어요.",
                ),
            ),
        ),
    ),
    resolution=Act(
        compact=(
            beat(
                "Then the friends shared too, and the little picnic became a big, happy feast. "
                "{lesson}",
                "그러자 친구들도 가진 것을 나누었고, 작은 소풍은 크고 행복한 잔치가 되었어요. "
                "{lesson}",
                "{child}, {pal} and {guest} share a picnic {props}",
                shot="wide shot",
            ),
        ),
        beats=(
            beat(
                "Then the friends shared too: sweet berries, crunchy acorns and a bunch of "
                "flowers!",
                "그러자 친구들도 나누기 시작했어요. 달콤한 산딸기, 고소한 도토리, 그리고 꽃 한 "
                "다발까지요!",
                "{guest} brings berries and a flower to {child} and {pal}",
                prio=0,
                mood="excited",
                shot="wide shot",
                more=(
                    "“Thank you for sharing with us,” said the {guest}.",
                    "“나눠 줘서 고마워.” {guest:이} 말했어요.",
                ),
            ),
            beat(
                "The little picnic became the biggest, happiest picnic ever. Everyone sang songs "
                "together.",
                "작은 소풍은 세상에서 가장 크고 행복한 소풍이 되었어요. 모두 함께 노래를 불렀어요.",
                "{child}, {pal} and {guest} sing at a picnic {props}",
                prio=1,
                shot="wide shot",
                mood="happy",
            ),
            beat(
                "Everyone ate until they were full, and their hearts felt even fuller. Even the "
                "crumbs were shared with the ants.",
                "모두 배불리 먹었고, 마음은 그보다 더 든든해졌어요. 남은 부스러기는 개미들에게 "
                "나눠 주었지요.",
                "{child} shares crumbs with ants on a picnic blanket",
                prio=3,
                shot="close-up",
                mood="happy",
            ),
            LESSON,
            SUNSET,
            GOODBYE,
            HOME,
            DINNER,
            BEDTIME,
            DREAM,
        ),
    ),
)

# --- 5. The little star: a bedtime story ----------------------------------------------------

_SPACE = ("space",)
_NIGHT_LESSON = beat(
    "{lesson}",
    "{lesson}",
    "{child} lies in bed and smiles at a star through a window",
    prio=0,
    place="bedroom",
    mood="calm",
)

STAR = Plot(
    key="star",
    titles=(
        ("{hero} and the Little Star", "{hero:와} 아기 별"),
        ("Goodnight, Little Star", "잘 자, 아기 별아"),
    ),
    values=("sleep", "kindness", "courage", "friendship"),
    settings=("garden", "meadow", "lake", "beach", "space"),
    track="night",
    setup=Act(
        compact=(
            beat(
                "It was bedtime, but {hero} couldn't sleep. Tap, tap! {hero_s} best friend, "
                "{pal_intro}, was at the window.",
                "잘 시간이었지만 {hero:은} 잠이 오지 않았어요. 똑똑! {hero}의 단짝 친구 "
                "{pal_intro:이} 창문을 두드렸어요.",
                "{pal} taps at a bedroom window while {child} sits up in bed",
                place="bedroom",
                time="evening",
                mood="surprised",
            ),
        ),
        beats=(
            beat(
                "It was bedtime. {hero} lay in bed, but sleep would not come.",
                "잘 시간이었어요. {hero:은} 침대에 누웠지만, 잠이 오지 않았어요.",
                "{child} lies awake in bed with a book",
                prio=0,
                place="bedroom",
                time="evening",
                mood="calm",
                more=(
                    "{hero} tossed and turned, and turned and tossed.",
                    "{hero:은} 이리 뒤척, 저리 뒤척였어요.",
                ),
            ),
            beat(
                "The family had already said goodnight. The house was quiet.",
                "가족들은 벌써 잘 자라고 인사를 했어요. 집 안은 조용했어요.",
                "a quiet house with one lit window, where {child} is awake",
                prio=1,
                place="home",
                shot="wide shot",
                mood="calm",
            ),
            beat(
                "{hero_s} room was cozy and warm. A little light glowed by the bed.",
                "{hero}의 방은 아늑하고 따뜻했어요. 침대 옆에서 작은 불빛이 반짝였어요.",
                "{child} sits in bed next to a little lantern",
                prio=2,
                place="bedroom",
                mood="calm",
            ),
            beat(
                "{hero} {outfit}.",
                "{hero:은} {outfit}.",
                "{child} hugs a pillow in bed",
                prio=3,
                place="bedroom",
                mood="calm",
                shot="close-up",
            ),
            beat(
                "{hero} tried counting sheep: one, two, three... But still no sleep.",
                "{hero:은} 양을 세어 보았어요. 한 마리, 두 마리, 세 마리… 그래도 잠이 오지 "
                "않았어요.",
                "{child} counts sheep in bed",
                prio=4,
                place="bedroom",
                mood="calm",
            ),
            beat(
                "{hero} looked out through the window at the round, bright moon.",
                "{hero:은} 창문 너머 둥글고 밝은 달을 바라보았어요.",
                "{child} looks at the moon through a bedroom window",
                prio=2,
                place="bedroom",
                mood="calm",
            ),
            beat(
                "Tap, tap! Someone was at the window. It was {hero_s} best friend, {pal_intro}!",
                "똑똑! 누군가 창문을 두드렸어요. {hero}의 단짝 친구, {pal_intro:이었어요}!",
                "{pal} taps at a bedroom window while {child} smiles",
                prio=0,
                place="bedroom",
                mood="surprised",
                more=(
                    "“Come and see something special!” {pal} whispered.",
                    "“특별한 걸 보여 줄게!” {pal:이} 속삭였어요.",
                ),
            ),
            beat(
                "{hero} put on warm slippers and picked up a little lantern.",
                "{hero:은} 따뜻한 실내화를 신고 작은 등불을 들었어요.",
                "{child} holds a glowing lantern",
                prio=3,
                place="bedroom",
                mood="excited",
                shot="close-up",
            ),
        ),
    ),
    rising=Act(
        compact=(
            beat(
                "They tiptoed outside and found a tiny star {spot1}. It had fallen from the sky "
                "and was too tired to shine.",
                "둘은 살금살금 밖으로 나가, {spot1}에서 작은 별 하나를 찾았어요. 하늘에서 "
                "떨어져서 너무 지쳐 빛나지 못하고 있었어요.",
                "{child} and {pal} find a tiny fallen star {spot1}",
                shot="wide shot",
                mood="surprised",
                skip=_SPACE,
            ),
            beat(
                "They sailed a little silver boat up into space. There they found a tiny star, "
                "lost and too tired to shine.",
                "둘은 작은 은빛 배를 타고 우주로 올라갔어요. 거기서 길을 잃고 너무 지쳐 "
                "빛나지 못하는 작은 별을 찾았어요.",
                "{child} and {pal} sail a silver boat toward a tiny star",
                shot="wide shot",
                mood="surprised",
                only=_SPACE,
            ),
        ),
        beats=(
            beat(
                "Outside, something was glowing {at}. A tiny star had fallen from the sky!",
                "밖을 보니 {at} 무언가 반짝이고 있었어요. 작은 별 하나가 하늘에서 떨어진 거예요!",
                "a tiny star glows {spot1} while {child} and {pal} look out a window",
                prio=0,
                shot="wide shot",
                mood="surprised",
                skip=_SPACE,
                more=(
                    "It flickered like a tiny, tired candle.",
                    "지친 촛불처럼 가물가물 깜빡였어요.",
                ),
            ),
            beat(
                "Look! Far up in the sky, one little star was blinking and crying. It had lost "
                "its place.",
                "저것 봐! 하늘 저 멀리에서 작은 별 하나가 깜빡깜빡 울고 있었어요. 제자리를 "
                "잃어버린 거예요.",
                "{child} and {pal} see a tiny star crying among stars",
                prio=1,
                shot="wide shot",
                mood="surprised",
                only=_SPACE,
            ),
            beat(
                "“Let's go and help!” whispered {pal}. They tiptoed {to} with a little lantern.",
                "“우리가 도와주자!” {pal:이} 속삭였어요. 둘은 작은 등불을 들고 살금살금 "
                "{to} 나갔어요.",
                "{child} and {pal} tiptoe out with a lantern {props}",
                prio=1,
                mood="excited",
                skip=_SPACE,
                more=(
                    "{hero} held the lantern high to light the way.",
                    "{hero:은} 길을 밝히려고 등불을 높이 들었어요.",
                ),
            ),
            beat(
                "“That little star is lost!” said {pal}. They climbed into a little silver boat, "
                "and it floated up, up into space.",
                "“아기 별이 길을 잃었어!” {pal:이} 말했어요. 둘은 작은 은빛 배에 올라탔어요. "
                "배는 둥실둥실 우주로 떠올랐어요.",
                "{child} and {pal} float up into space in a silver boat",
                prio=0,
                shot="wide shot",
                mood="excited",
                only=_SPACE,
            ),
            beat(
                "The night was calm. Crickets sang softly, and the moon smiled down.",
                "밤은 고요했어요. 귀뚜라미가 나지막이 노래하고, 달님이 빙그레 내려다보았어요.",
                "{child} and {pal} walk under the moon {props}",
                prio=1,
                shot="wide shot",
                mood="calm",
                skip=_SPACE,
            ),
            beat(
                "Space was calm and quiet. Planets glowed like giant balloons.",
                "우주는 고요하고 조용했어요. 행성들이 커다란 풍선처럼 빛났어요.",
                "{child} and {pal} sail past planets in a silver boat",
                prio=1,
                shot="wide shot",
                mood="calm",
                only=_SPACE,
            ),
            beat(
                "Fireflies blinked all around, like tiny stars that had come to help.",
                "반딧불이들이 주위에서 깜빡였어요. 마치 도우러 온 작은 별들 같았어요.",
                "fireflies glow around {child} and {pal} {props}",
                prio=3,
                mood="surprised",
                skip=_SPACE,
            ),
            beat(
                "A friendly comet zoomed by and waved its sparkly tail at the stars.",
                "다정한 혜성이 휙 지나가며 별들에게 반짝이는 꼬리를 흔들었어요.",
                "a comet zooms past {child} and {pal} in a silver boat",
                prio=3,
                mood="surprised",
                only=_SPACE,
            ),
            beat(
                "They walked past sleeping flowers and a snoring frog, following the glow.",
                "둘은 잠든 꽃들과 쿨쿨 자는 개구리를 지나, 반짝이는 빛을 따라갔어요.",
                "{child} and {pal} walk past a sleeping frog and flowers",
                prio=4,
                mood="calm",
                skip=_SPACE,
            ),
            beat(
                "The silver boat sailed past the rings of a big planet.",
                "은빛 배는 커다란 행성의 고리 옆을 지나갔어요.",
                "a silver boat with {child} and {pal} sails by a planet with rings",
                prio=4,
                shot="wide shot",
                mood="calm",
                only=_SPACE,
            ),
            beat(
                "{Spot1}, they found the little star. It was crying tiny, sparkly tears.",
                "{spot1}에서 작은 별을 찾았어요. 별은 반짝이는 작은 눈물을 흘리고 있었어요.",
                "{child} and {pal} find a tiny crying star {spot1}",
                prio=0,
                mood="sad",
                skip=_SPACE,
                more=(
                    "{hero} scooped it up very gently.",
                    "{hero:은} 아기 별을 아주 살며시 두 손에 올려놓았어요.",
                ),
            ),
            beat(
                "Near the moon, they found the little star. It was crying tiny, sparkly tears.",
                "달 근처에서 작은 별을 찾았어요. 별은 반짝이는 작은 눈물을 흘리고 있었어요.",
                "{child} and {pal} find a tiny crying star near the moon",
                prio=0,
                mood="sad",
                only=_SPACE,
                more=(
                    "{hero} scooped it up very gently.",
                    "{hero:은} 아기 별을 아주 살며시 두 손에 올려놓았어요.",
                ),
            ),
            beat(
                "“I lost my place in the sky,” sniffed the little star. “I'm too tired and sad "
                "to shine.”",
                "“하늘에서 내 자리를 잃어버렸어.” 아기 별이 훌쩍였어요. “너무 지치고 슬퍼서 "
                "빛날 수가 없어.”",
                "a tiny star sniffs in the hands of {child}",
                prio=1,
                shot="close-up",
                mood="sad",
            ),
            beat(
                "The little star's light grew dim, like a candle almost out.",
                "아기 별의 빛이 꺼져 가는 촛불처럼 희미해졌어요.",
                "a tiny dim star in the hands of {child}",
                prio=2,
                shot="close-up",
                mood="sad",
            ),
            beat(
                "{pal} did a funny dance to cheer the star up. The star giggled, just a little.",
                "{pal:은} 아기 별을 웃게 하려고 우스꽝스러운 춤을 추었어요. 별이 아주 조금 "
                "키득 웃었어요.",
                "{pal} dances for a tiny star while {child} laughs",
                prio=2,
                mood="happy",
            ),
            beat(
                "{hero} held up the lantern so the star would not feel alone in the dark.",
                "{hero:은} 아기 별이 어둠 속에서 외롭지 않도록 등불을 높이 들어 주었어요.",
                "{child} holds up a glowing lantern next to a tiny star",
                prio=3,
                mood="calm",
            ),
            beat(
                "The moon whispered, “A little star shines brightest when it feels loved.”",
                "달님이 속삭였어요. “아기 별은 사랑받는다고 느낄 때 가장 밝게 빛난단다.”",
                "the moon looks down at {child}, {pal} and a tiny star",
                prio=4,
                shot="wide shot",
                mood="calm",
            ),
            beat(
                "{hero} gave a great big yawn. It was very late at night.",
                "{hero:은} 커다란 하품을 했어요. 아주 늦은 밤이었어요.",
                "{child} yawns while holding a tiny star",
                prio=5,
                shot="close-up",
                mood="calm",
            ),
        ),
    ),
    climax=Act(
        compact=(
            beat(
                "{hero} was sleepy, but chose to stay and help. {hero} sang the family's bedtime "
                "lullaby, and the little star glowed again and floated back up into the sky.",
                "{hero:은} 졸렸지만 아기 별 곁에 있어 주기로 했어요. 가족이 불러 주던 자장가를 "
                "불러 주자, 아기 별은 다시 빛나며 하늘로 둥실 돌아갔어요.",
                "a glowing star floats up from the hands of {child}",
                shot="wide shot",
                mood="happy",
            ),
        ),
        beats=(
            beat(
                "{hero} was sleepy now. A warm bed was waiting at home.",
                "{hero:은} 이제 졸렸어요. 집에는 따뜻한 침대가 기다리고 있었어요.",
                "{child} rubs sleepy eyes, holding a tiny star",
                prio=1,
                mood="calm",
                shot="close-up",
            ),
            beat(
                "{hero} could go home to bed. But the little star needed a friend. “I'll stay "
                "with you,” said {hero}.",
                "{hero:은} 집에 가서 잘 수도 있었어요. 하지만 아기 별에게는 친구가 필요했어요. "
                "“내가 곁에 있어 줄게.” {hero:이} 말했어요.",
                "{child} smiles at a tiny star",
                prio=0,
                mood="calm",
                shot="close-up",
            ),
            beat(
                "{hero} held the star close and sang the lullaby the family always sang at "
                "bedtime.",
                "{hero:은} 아기 별을 꼭 안고, 가족이 잠들기 전에 늘 불러 주던 자장가를 불러 "
                "주었어요.",
                "{child} sings to a tiny star {props}",
                prio=0,
                mood="calm",
                more=(
                    "“Hush now, little one, the night is soft and kind,” {hero} sang.",
                    "“쉿, 아가야, 밤은 포근하고 다정하단다.” {hero:이} 노래했어요.",
                ),
            ),
            beat(
                "Little by little, the star began to glow, until it shone like a tiny moon.",
                "조금씩 조금씩 아기 별이 빛나기 시작했어요. 마치 작은 달처럼 빛날 때까지요.",
                "a tiny star glows bright in the hands of {child}",
                prio=1,
                mood="excited",
                shot="close-up",
            ),
            beat(
                "With a happy twinkle, the star floated up, up, up, back to its place in the sky.",
                "아기 별은 기쁘게 반짝이며 둥실둥실 하늘 높이 올라가 제자리로 돌아갔어요.",
                "a glowing star floats up into the sky above {child} and {pal}",
                prio=1,
                shot="wide shot",
                mood="excited",
                skip=_SPACE,
            ),
            beat(
                "With a happy twinkle, the star jumped back into its place among the other stars. "
                "All of space seemed to sparkle.",
                "아기 별은 기쁘게 반짝이며 다른 별들 사이의 제자리로 쏙 돌아갔어요. 온 우주가 "
                "반짝이는 것 같았어요.",
                "a glowing star joins the other stars above {child} and {pal}",
                prio=1,
                shot="wide shot",
                mood="excited",
                only=_SPACE,
            ),
        ),
    ),
    resolution=Act(
        compact=(
            beat(
                "Back in bed, {hero} smiled at the little star twinkling in the window. {lesson} "
                "Goodnight!",
                "침대로 돌아온 {hero:은} 창밖에서 반짝이는 아기 별을 보며 미소 지었어요. "
                "{lesson} 잘 자요!",
                "{child} smiles in bed at a star twinkling through a window",
                place="bedroom",
                mood="calm",
            ),
        ),
        beats=(
            beat(
                "“Thank you, {hero}!” the star twinkled. “I'll shine at your window every night.”",
                "“고마워, {hero:아}!” 아기 별이 반짝였어요. “매일 밤 네 창문을 비춰 줄게.”",
                "a happy star twinkles above {child} and {pal} {props}",
                prio=1,
                mood="happy",
            ),
            beat(
                "{hero} and {pal} tiptoed back home, quiet as two mice.",
                "{hero:와} {pal:은} 생쥐처럼 조용히 살금살금 집으로 돌아왔어요.",
                "{child} and {pal} tiptoe toward a little house {props}",
                prio=1,
                shot="wide shot",
                mood="calm",
                skip=_SPACE,
            ),
            beat(
                "The silver boat floated gently back down to {hero_s} window.",
                "은빛 배가 사뿐사뿐 {hero}의 창문 앞으로 내려왔어요.",
                "a silver boat with {child} and {pal} floats down to a house window",
                prio=1,
                shot="wide shot",
                mood="calm",
                only=_SPACE,
            ),
            beat(
                "“Goodnight, {pal},” whispered {hero}. {pal} waved with a sleepy face and headed "
                "home.",
                "“잘 자, {pal:아}.” {hero:이} 속삭였어요. {pal}도 졸린 얼굴로 손을 흔들고 "
                "집으로 돌아갔어요.",
                "{pal} says goodnight to {child} at a bedroom window",
                prio=2,
                place="bedroom",
                mood="calm",
            ),
            beat(
                "The whole family was asleep. The house was warm and safe.",
                "가족들은 모두 잠들어 있었어요. 집 안은 따뜻하고 포근했어요.",
                "a quiet little house under the stars",
                prio=3,
                place="home",
                shot="wide shot",
                mood="calm",
            ),
            beat(
                "{hero} snuggled under the blanket. Through the window, the little star "
                "twinkled hello.",
                "{hero:은} 이불 속으로 쏙 들어갔어요. 창문 너머로 아기 별이 반짝반짝 인사했어요.",
                "{child} snuggles in bed while a star twinkles through a window",
                prio=0,
                place="bedroom",
                mood="calm",
                more=("Soon {hero} was fast asleep.", "곧 {hero:은} 새근새근 잠이 들었어요."),
            ),
            _NIGHT_LESSON,
            beat(
                "In {hero_s} dreams, {hero} and {pal} danced across the sky with the little star.",
                "꿈에서 {hero:와} {pal:은} 아기 별과 함께 하늘을 가로지르며 춤을 추었어요.",
                "{child} sleeps and dreams of dancing with {pal} and a star",
                prio=4,
                place="bedroom",
                mood="calm",
            ),
            beat(
                "Goodnight, moon. Goodnight, little star. Goodnight, {hero}.",
                "잘 자, 달님. 잘 자, 아기 별아. 잘 자, {hero:아}.",
                "{child} sleeps peacefully, with the moon and a star in a window",
                prio=1,
                place="bedroom",
                mood="calm",
                shot="close-up",
            ),
        ),
    ),
)

# --- 6. The way home: helping a lost little one find its family -------------------------------

WAY_HOME = Plot(
    key="way_home",
    titles=(
        ("{hero} Helps the Little {Guest_kind}", "{hero:와} 길 잃은 {guest}"),
        ("The Way Home", "집으로 가는 길"),
    ),
    values=("family", "kindness", "courage"),
    settings=("forest", "meadow", "lake", "beach", "snowfield", "mountain", "garden", "park"),
    track="day",
    setup=DAY_OPENING,
    rising=Act(
        compact=(
            beat(
                "Suddenly, they heard a tiny voice. It was {guest_a}, crying, “I can't find my "
                "family!”",
                "갑자기 작은 목소리가 들렸어요. {guest_a:이} 울고 있었어요. “우리 가족을 찾을 수가 "
                "없어요!”",
                "{child} and {pal} find crying {guest} {spot1}",
                mood="sad",
                shot="wide shot",
            ),
        ),
        beats=(
            beat(
                "Suddenly, they heard a tiny voice {spot1}: “Help! Help!”",
                "갑자기 {spot1}에서 작은 목소리가 들렸어요. “도와주세요! 도와주세요!”",
                "{child} and {pal} listen {spot1}",
                prio=0,
                mood="surprised",
                more=(
                    "{hero} and {pal} stopped and listened.",
                    "{hero:와} {pal:은} 걸음을 멈추고 귀를 기울였어요.",
                ),
            ),
            beat(
                "It was {guest_a}. “I can't find my family,” the {guest} sobbed.",
                "그건 {guest_a:이었어요}. “우리 가족을 찾을 수가 없어요.” {guest:이} 훌쩍였어요.",
                "{child} and {pal} find crying {guest} {spot1}",
                prio=0,
                mood="sad",
                shot="close-up",
            ),
            beat(
                "{hero} gently wiped the {guest}'s tears. “Don't cry. We'll help you find your "
                "family.”",
                "{hero:은} {guest}의 눈물을 살며시 닦아 주었어요. “울지 마. 우리가 가족을 찾아 "
                "줄게.”",
                "{child} comforts {guest}",
                prio=1,
                mood="calm",
                shot="close-up",
                more=(
                    "{pal} nodded. “Friends help each other.”",
                    "{pal}도 고개를 끄덕였어요. “친구는 서로 돕는 거야.”",
                ),
            ),
            beat(
                "“Where do you live?” asked {pal}. “Near {den},” said the {guest}. “But I don't "
                "know the way.”",
                "“어디에 사니?” {pal:이} 물었어요. “{den} 근처에 살아요.” {guest:이} "
                "대답했어요. “그런데 길을 모르겠어요.”",
                "{pal} talks with {guest} while {child} listens",
                prio=1,
                mood="calm",
            ),
            beat(
                "{pal} drew a little map in the dirt with a stick.",
                "{pal:은} 막대기로 땅에 작은 지도를 그렸어요.",
                "{pal} draws a map on the ground with a stick while {child} watches",
                prio=1,
                mood="excited",
                more=(
                    "“Let's go this way,” said {pal}, pointing with the stick.",
                    "“이쪽으로 가 보자.” {pal:이} 막대기로 가리키며 말했어요.",
                ),
            ),
            beat(
                "They walked past {spot2_np}, calling, “Is anyone missing a little {guest_kind}?”",
                "둘은 {spot2_np:을} 지나며 외쳤어요. “{guest:을} 잃어버린 분 계세요?”",
                "{child} and {pal} call out as they walk {spot2}",
                prio=2,
                shot="wide shot",
            ),
            SONG,
            beat(
                "They looked {spot3}. No one was there but a busy line of ants.",
                "{spot3}도 살펴보았지만, 부지런한 개미들만 줄지어 가고 있었어요.",
                "{child} and {pal} look {spot3}",
                prio=3,
                mood="surprised",
            ),
            beat(
                "The little {guest_kind} was tired, so {hero} carried it gently in both hands.",
                "{guest:이} 지쳐 보여서, {hero:은} 두 손으로 살며시 안아 주었어요.",
                "{child} carries {guest} in both hands {props}",
                prio=3,
                mood="calm",
            ),
            REST,
            beat(
                "{Helper_a} pointed the way. “Go across {crossing} and keep going!”",
                "{helper_a:이} 길을 알려 주었어요. “{crossing:을} 건너서 계속 가렴!”",
                "{helper} points the way for {child} and {pal}",
                prio=2,
                mood="excited",
                more=(
                    "“Thank you!” they called, and off they went.",
                    "“고마워요!” 둘은 인사를 하고 다시 길을 나섰어요.",
                ),
            ),
            beat(
                "They crossed {crossing}, one careful step at a time.",
                "둘은 조심조심 한 걸음씩 {crossing:을} 건넜어요.",
                "{child} and {pal} carefully cross {crossing} with {guest}",
                prio=3,
                shot="wide shot",
                mood="calm",
            ),
            BUTTERFLY,
            SEASHELL,
            SNOW_TRACKS,
            beat(
                "The shadows grew long, and the air grew cool.",
                "그림자가 길어지고 공기가 서늘해졌어요.",
                "long shadows stretch behind {child} and {pal} {props}",
                prio=3,
                shot="wide shot",
                mood="calm",
            ),
        ),
    ),
    climax=Act(
        compact=(
            beat(
                "It was getting late, and {hero} could have gone home. But {hero} kept going "
                "until they found the {guest}'s family.",
                "날이 저물어 {hero:은} 집으로 돌아갈 수도 있었어요. 하지만 {hero:은} "
                "{guest}의 가족을 찾을 때까지 멈추지 않았어요.",
                "{child} carries {guest} toward {den}",
                time="sunset",
                shot="wide shot",
                mood="calm",
            ),
        ),
        beats=(
            beat(
                "They came to a fork in the path. One way led home to {hero_s} house. The other "
                "led toward {den}.",
                "둘은 갈림길에 다다랐어요. 한쪽 길은 {hero}의 집으로, 다른 쪽 길은 {den} "
                "쪽으로 이어져 있었어요.",
                "{child} and {pal} stop where a path splits in two {props}",
                prio=0,
                shot="wide shot",
                mood="calm",
                more=("{hero} stopped and thought.", "{hero:은} 멈춰 서서 생각했어요."),
            ),
            beat(
                "It was getting late. {hero} missed home and wanted a warm hug from the family.",
                "날이 저물고 있었어요. {hero:은} 집이 그리웠고, 가족의 따뜻한 포옹이 그리웠어요.",
                "{child} looks toward home as the sun sets {props}",
                prio=1,
                time="sunset",
                mood="sad",
                shot="close-up",
            ),
            beat(
                "But {hero} held the little {guest_kind} close. “We won't stop until you are "
                "home,” {hero} said.",
                "하지만 {hero:은} {guest:을} 꼭 안았어요. “네가 집에 갈 때까지 멈추지 않을게.” "
                "{hero:이} 말했어요.",
                "{child} hugs {guest} close {props}",
                prio=1,
                mood="calm",
                shot="close-up",
                more=(
                    "The little {guest_kind} snuggled closer and stopped shaking.",
                    "{guest:은} 더 꼭 안기더니 떨림을 멈추었어요.",
                ),
            ),
            beat(
                "They walked on, step by step. And there, at last, was {den}!",
                "둘은 한 걸음 한 걸음 걸어갔어요. 그리고 마침내, {den:이} 보였어요!",
                "{child} and {pal} arrive at {den}",
                prio=0,  # the resolution opens with the family found: never skip the arrival
                shot="wide shot",
                mood="excited",
            ),
            beat(
                "“My baby!” The whole {guest_kind} family rushed over, full of joy.",
                "“우리 아가!” {guest_kind} 가족이 기뻐하며 달려왔어요.",
                "a family of {guest_kinds} rushes to {guest} near {den}",
                prio=1,
                mood="excited",
            ),
        ),
    ),
    resolution=Act(
        compact=(
            beat(
                "The little {guest_kind} was home at last, safe with its family. {lesson}",
                "{guest:은} 드디어 집으로 돌아와 가족 품에 안겼어요. {lesson}",
                "{guest} hugs its family while {child} and {pal} smile near {den}",
                shot="wide shot",
                mood="happy",
            ),
        ),
        beats=(
            beat(
                "The little {guest_kind} snuggled into its family. “Thank you, {hero}!” they all "
                "said.",
                "{guest:은} 가족 품에 폭 안겼어요. “고마워, {hero:아}!” 모두가 말했어요.",
                "{guest} hugs its family while {child} and {pal} smile near {den}",
                prio=0,
                shot="wide shot",
                mood="happy",
                more=(
                    "Everyone was smiling, and a few happy tears fell too.",
                    "모두 미소를 지었고, 기쁨의 눈물도 조금 흘렸어요.",
                ),
            ),
            beat(
                "To say thank you, the {guest_kind} family gave {hero} a smooth, shiny pebble.",
                "{guest_kind} 가족은 고맙다며 {hero}에게 반들반들한 조약돌을 선물했어요.",
                "{child} holds a shiny pebble, smiling at {guest}",
                prio=2,
                shot="close-up",
                mood="happy",
            ),
            LESSON,
            GOODBYE,
            beat(
                "Then {hero} hurried home as the sun went down.",
                "그리고 {hero:은} 해가 지는 길을 따라 서둘러 집으로 돌아왔어요.",
                "{child} runs home toward a little house {props}",
                prio=1,
                time="sunset",
                shot="wide shot",
                mood="happy",
            ),
            beat(
                "At home, {hero} gave the family the biggest hug ever.",
                "집에 온 {hero:은} 가족을 세상에서 제일 꼭 안아 주었어요.",
                "{child} hugs the family in a warm kitchen",
                prio=1,
                place="kitchen",
                time="evening",
                mood="happy",
                more=(
                    "“We missed you,” said the family, hugging back.",
                    "“보고 싶었단다.” 가족도 {hero:을} 꼭 안아 주었어요.",
                ),
            ),
            DINNER,
            BEDTIME,
            DREAM,
        ),
    ),
)

PLOTS: dict[str, Plot] = {p.key: p for p in (LOST_TOY, STORM, NEW_FRIEND, PICNIC, STAR, WAY_HOME)}
