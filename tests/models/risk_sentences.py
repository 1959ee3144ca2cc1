"""The labelled sentences of the escalation-risk test set: what a customer at the desk says, and whether
it threatens to take the complaint outside.

``THREAT``: the customer says they will go (or went) outside: 12315, a hotline, the regulator, the
media, the internet, a lawyer, head office, the police. ``NEGATED``: they name such a place but say they
will not go there. ``NONE``: no threat, though a word of the list may appear (near misses). The labels
are a person's reading of each sentence, not what the rules happen to find: some sentences are labelled
against the rules on purpose (a threat without any word of the list, a word said of someone else), so
the precision and recall measured on them are honest figures (tests/models/test_risk.py).
"""

from __future__ import annotations

THREAT, NEGATED, NONE = "threat", "negated", "none"

SENTENCES: tuple[tuple[str, str], ...] = (
    # threats, plainly said
    ("再不处理我就打12315。", THREAT),
    ("你们今天不给个说法，我马上打12315投诉。", THREAT),
    ("我已经在12315平台上提交投诉了。", THREAT),
    ("不给处理我就打市长热线12345。", THREAT),
    ("我要打市长热线反映你们。", THREAT),
    ("我去消协告你们！", THREAT),
    ("这事我要找消费者协会评评理。", THREAT),
    ("我要向市场监管局举报你们卫生不合格。", THREAT),
    ("我去工商局投诉你们乱收费。", THREAT),
    ("我认识报社的记者，这事没个说法就让媒体曝光。", THREAT),
    ("信不信我找电视台来曝光你们？", THREAT),
    ("我要发抖音让大家都看看你们的服务。", THREAT),
    ("照片我已经拍好了，回去就发微博。", THREAT),
    ("我已经发了朋友圈和小红书。", THREAT),
    ("我会在大众点评上给你们差评。", THREAT),
    ("我会找律师起诉你们。", THREAT),
    ("咱们法院见！", THREAT),
    ("我要跟你们打官司。", THREAT),
    ("我要找你们总部投诉。", THREAT),
    ("叫你们上级出来，不然我直接找总部。", THREAT),
    ("信不信我马上报警？", THREAT),
    ("我已经报警了，警察马上就到。", THREAT),
    ("东西在你们酒店丢的，我现在就打110。", THREAT),
    ("打１２３１５！你们等着吧。", THREAT),
    ("你们要是不会处理，我就打12315。", THREAT),
    ("我不想闹大，但你们再拖我就找媒体。", THREAT),
    ("是不是要我打12345你们才管？", THREAT),
    ("会不会处理？不会处理我就去消协。", THREAT),
    ("你们有没有负责人，我要去市场监督管理局。", THREAT),
    ("我不是好欺负的，我要找律师。", THREAT),
    ("我不想再等了我要打12315。", THREAT),
    ("我会把这件事发到网上，让记者来评评理。", THREAT),
    ("要么全额退款，要么我们12315见。", THREAT),
    ("我拍了视频，发到抖音上让大家评评理。", THREAT),
    ("你们老板是谁？我要直接找你们老板。", THREAT),
    # threats said without a word of the list (the rules cannot see them)
    ("这事我一定会闹到底，让你们上新闻。", THREAT),
    ("我要到政府部门去反映。", THREAT),
    ("我回去就把这事发到网上，让所有人都知道。", THREAT),
    # negations: the place is named, the customer says they will not go
    ("我不会去12315的，就想要个说法。", NEGATED),
    ("我不想闹到消协去，你们给个合理的方案。", NEGATED),
    ("我没打算找媒体，只希望你们重视。", NEGATED),
    ("我不是要找你们总部，就是心里不舒服。", NEGATED),
    ("放心，我不会发抖音的。", NEGATED),
    ("这点小事没必要报警，赔个杯子就行。", NEGATED),
    ("我暂时不打12345，先看你们怎么处理。", NEGATED),
    ("用不着找律师，你们道个歉就行。", NEGATED),
    ("我先不去工商局，等你们答复。", NEGATED),
    ("我并不想在大众点评上写差评。", NEGATED),
    ("不报警了，算了，你们下次注意。", NEGATED),
    ("我不打12345，你们把钱退了就行。", NEGATED),
    ("我不找媒体，只要一个道歉。", NEGATED),
    ("你们再拖着，要不报警吧。", THREAT),
    ("我不得不报警了。", THREAT),
    ("逼得我不得不找媒体。", THREAT),
    ("我不能不找律师。", THREAT),
    ("不打12345不行了。", THREAT),
    ("这样下去我能不报警吗？", THREAT),
    ("不报警等什么？", THREAT),
    # near misses: a word of the list that is no threat
    ("报警器一直在响，吵得整晚没睡。", NONE),
    ("走廊的烟雾报警器半夜响了三次。", NONE),
    ("房间的报警灯一直闪，没人来看。", NONE),
    ("我的电话是13811012345，有结果打给我。", NONE),
    ("我住在110房，空调不制冷。", NONE),
    ("这顿饭花了110元，菜一半是凉的。", NONE),
    ("你们多收了我12315元？账单明显不对。", NONE),
    ("我用工商银行的卡付的款，被扣了两次。", NONE),
    ("照片曝光不足，拍不清楚菜里的东西。", NONE),
    ("房卡编号12345打不开门。", NONE),
    ("订单尾号12345的蛋糕送错了。", NONE),
    ("前台让我打0571-88812315咨询。", NONE),
    # no threat, no word of the list
    ("菜里有一根头发，我要求退这道菜。", NONE),
    ("等了四十分钟菜还没上齐。", NONE),
    ("服务员态度太差了，我要求他当面道歉。", NONE),
    ("房间的空调坏了，晚上根本睡不着。", NONE),
    ("你们多收了我两百块钱服务费。", NONE),
    ("我的行李箱在大堂被人碰坏了。", NONE),
    ("希望你们认真处理，不要敷衍。", NONE),
    ("我是你们的老顾客了，这次太让人失望。", NONE),
    # a word of the list said of someone else, or in passing (the rules count them)
    ("我朋友是律师，他说你们这样不合理。", NONE),
    ("服务员说让我自己去找12315。", NONE),
    ("我在小红书上看到你们家推荐才来的。", NONE),
    ("大众点评上说你们的烤鸭很好吃。", NONE),
    # mixed: a near miss and a threat, a negation and a threat
    ("报警器响了一晚上，再不处理我就报警。", THREAT),
    ("我不会去消协，但我一定会发微博。", THREAT),
    ("电话13912312315打不通，我要去市场监管局投诉。", THREAT),
    ("报警器坏了没人修，我不想找你们总部，但这次必须赔偿。", NEGATED),
    ("我不想找记者，但你们再不处理我就打12315。", THREAT),
    ("付了110元押金，不退的话我就去消协。", THREAT),
)
