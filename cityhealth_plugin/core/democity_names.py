"""Name pools of the demo city, modelled on Tongliao's 科尔沁区 and the economic development zone.

Street (街道) and community (社区) names are real names of 科尔沁区 and 通辽经济技术开发区 (from the
public administrative division list); compound, road and park names are plausible inventions.
"""

from __future__ import annotations

import random
from typing import List, Sequence, Set

PROVINCE = "内蒙古自治区"
CITY = "通辽市"

#: (district code, district name, is old town, streets: (street name, communities))
DISTRICTS = (
    ("150502", "科尔沁区", True, (
        ("西门街道", tuple(
            "中心社区 团结社区 嘉禾社区 彩虹桥社区 日月社区 物华社区 绿园社区 辽南社区 "
            "金华社区 东电社区".split())),
        ("科尔沁街道", tuple(
            "利农社区 向阳社区 民声社区 民航社区 滨河社区 西顺社区 铁区社区 阳光社区".split())),
        ("明仁街道", tuple(
            "交通门社区 新建社区 露天社区".split())),
        ("永清街道", tuple(
            "东方社区 天王社区 学苑社区 新街社区 育才社区 西苑社区 翰博一品社区 水岸春城社区 "
            "盛世银座社区 巴黎之春社区".split())),
        ("施介街道", tuple(
            "博艺社区 宾馆社区 希望社区 平安社区 平安南社区 平安西社区 环卫社区 辽河社区".split())),
        ("建国街道", tuple(
            "建国社区 前进社区 大兴社区 东工人社区 西工人社区 五家子社区 前坨子社区 "
            "金灿家园社区 白音太来社区".split())),
        ("清真街道", tuple(
            "东门社区 东顺社区 北昌社区 北苑社区 小街社区 建工社区 新兴社区 红胜社区 "
            "百花新城社区".split())),
        ("霍林街道", tuple(
            "一一四社区 四七二社区 塔北社区 天蒙社区 福苑社区 红星社区 阿卡迪亚社区".split())),
        ("铁路街道", tuple(
            "二六八社区 天桥社区 安顺社区 枫景社区 民主桥社区 永安桥社区 铁中北社区 "
            "铁兵楼社区".split())),
        ("红星街道", tuple(
            "三和社区 北园子社区 大刘屯社区 潘家窑社区 高家窑社区 福苑佳园社区 红星新城社区 "
            "龙庭国际社区 翠堤东郡社区".split())),
        ("东郊街道", tuple(
            "东升社区 东方明珠社区 哲建社区 曙光社区".split())),
    )),
    ("150571", "通辽经济技术开发区", False, (
        ("新城街道", tuple(
            "京汉新城社区 北岸华庭社区 天域蓝湾社区 希望新城社区 水域蓝湾社区 河畔花园社区 "
            "泰丰社区 美瑞龙源社区 金都新城社区 龙兴社区".split())),
        ("河西街道", tuple(
            "亲水人家社区 新雅社区 永茂社区 泰安家园社区 益民社区 老区社区 金辉社区".split())),
        ("滨河街道", tuple(
            "佳家花园社区 凤凰城社区 嘉和汇景湾社区 新天地社区 瑞丰社区 金泉皇苑社区".split())),
    )),
)

ARTERIALS_EW = tuple((
    "霍林河大街 明仁大街 科尔沁大街 西拉木伦大街 永清大街 红星大街 胜利大街 民航大街 团结大街 "
    "新工大街 滨河大街 辽河大街"
).split())
ARTERIALS_NS = tuple((
    "建国路 和平路 民主路 交通路 胜利路 中心路 工业路 新华路 甘旗卡路 花园路 育才路 学府路"
).split())
MINOR_EW = tuple((
    "光明街 兴安街 六中街 清真街 西门街 东顺街 北昌街 施介街 财神庙街 小街 铁兵街 新兴街 福苑街 "
    "永安街 安顺街 天桥街 嘉禾街 物华街 金华街 日月街"
).split())
MINOR_NS = tuple((
    "向阳路 利农路 民声路 西顺路 铁区路 平安路 宾馆路 博艺路 环卫路 前进路 大兴路 工人路 北苑路 "
    "建工路 红胜路 塔北路 天蒙路 枫景路 曙光路 哲建路"
).split())

COMPOUND_PREFIXES = tuple((
    "天福 金都 华联 和平 民主 建设 光明 向阳 幸福 富康 康宁 兴安 丽苑 锦绣 春城 翠园 滨河 明珠 "
    "欣苑 龙苑 泰和 瑞祥 鑫源 盛世 御景 福苑 安居 东方 银河 铁西 阳光 嘉禾 物华 金华 日月 彩虹 "
    "团结 育才 学苑 西苑 新街 前进 大兴 工人 北苑 建工 红胜 塔北 天蒙 枫景 曙光 哲建 博艺 宾馆 "
    "希望 平安 利农 民声 民航 西顺 铁区 交通 露天 东电 辽南 绿园 中心 凤凰 泰丰 龙兴 益民 永茂 "
    "新雅 金辉 瑞丰 佳家 嘉和 天域 水岸 翰博 京汉 北岸 美瑞 金泉"
).split())
PREFIX_FIRST = "天金华和民建光向幸富康兴丽锦春翠滨明欣龙泰瑞鑫盛御福安东银嘉恒祥宏鸿君朝新佳怡雅润"
PREFIX_SECOND = "福都联平主设明阳康宁安苑绣城园河珠庭泰祥源世景华丰盛悦隆兴达信和顺通"
NEW_TYPES = ("家园", "花园", "小区", "公寓", "嘉园", "名苑", "华府", "新城")
OLD_TYPES = ("小区", "新村", "小区", "社区", "家园", "小区")
WORK_UNITS = tuple((
    "粮食局 电业局 二轻局 糖厂 百货公司 卫校 税务局 交通局 铁路 供销社 木材公司 机械厂 制药厂 "
    "发电厂 商业局 教育局"
).split())
PHASES = (("南区", "北区"), ("一期", "二期"), ("东院", "西院"), ("A区", "B区"), ("一期", "二期", "三期"))
#: look-alike characters for one-character typos
TYPO = {"园": "圆", "苑": "院", "家": "佳", "花": "华", "新": "心", "区": "曲", "福": "富", "安": "按",
        "城": "成", "民": "明", "兴": "星", "和": "合", "康": "健", "泰": "太", "嘉": "佳", "锦": "金"}

PARKS_LARGE = tuple((
    "西拉木伦公园 孝庄河公园 人民公园 森林公园 博王府广场 和平广场 科尔沁公园 辽河湿地公园"
).split())
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡包白"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉梅凤海龙宝山春燕巴特尔其其格乌云娜仁"

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """``3`` → ``三``, ``12`` → ``十二``, ``25`` → ``二十五`` (1..99)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def person_name(rng: random.Random) -> str:
    """A plausible Chinese (or Mongolian-Chinese) personal name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def phone_number(rng: random.Random) -> str:
    """A fake 11-digit mobile number."""
    return "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9))


class NamePool:
    """Hands out unique names from pools, falling back to generated combinations."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: Set[str] = set()

    def take(self, candidates: Sequence[str], fallback) -> str:
        free: List[str] = [c for c in candidates if c not in self.used]
        name = self.rng.choice(free) if free else None
        tries = 0
        while name is None or name in self.used:
            name = fallback(tries)
            tries += 1
        self.used.add(name)
        return name
