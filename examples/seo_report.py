"""SEO report: the sample shop's keywords ranked, and a Taobao title under 60 GBK bytes.

Run it with ``python examples/seo_report.py``. Keywords, volumes, difficulty, CPC
and positions come from ``ecomops.datasets.sample_shop(seed=0)``. The sample shop
has no listing titles, so one representative Taobao title per category is written
below (``LISTING_TITLES``); relevance is each keyword's best TF-IDF similarity to
the titles of categories the shop sells. Chinese is tokenised with character
bigrams (the default); pass ``ChineseTokenizer(user_words)`` with jieba installed
to segment by words.
"""

from __future__ import annotations

import numpy as np

from ecomops.datasets import SampleShop, sample_shop
from ecomops.seo import (
    KeywordScores,
    build_title,
    estimated_clicks,
    keyword_opportunity,
    keyword_scores,
    tfidf_similarity,
)

#: One representative listing title per category (the sample shop has none).
LISTING_TITLES = {
    "snacks": "坚果零食大礼包 每日坚果 牛肉干 辣条 网红零食 整箱 mixed nuts beef jerky",
    "tea": "明前龙井 绿茶 特级 罐装 普洱茶 白茶 茶具套装 green tea loose leaf",
    "apparel": "连衣裙 夏季 纯棉 宽松 韩版 卫衣 T恤 牛仔裤 summer dress hoodie",
    "electronics": "蓝牙耳机 无线 降噪 充电宝 快充 机械键盘 数据线 wireless earbuds",
    "home": "保温杯 大容量 收纳盒 可折叠 台灯 四件套 纯棉 storage box desk lamp",
    "beauty": "面膜 保湿 美白 防晒霜 洗面奶 精华液 国货 口红 sheet mask sunscreen",
    "baby": "纸尿裤 新生儿 奶瓶 防胀气 婴儿推车 轻便 儿童玩具 益智 baby bottle",
    "sports": "瑜伽垫 防滑 加厚 跑步鞋 哑铃 登山包 跳绳 专业 yoga mat running shoes",
}
BRAND = "山岚"  # the shop's (fictional) brand, required at the start of every title


def ranked_keywords(shop: SampleShop) -> tuple[np.ndarray, KeywordScores]:
    """Keyword scores with relevance to the shop's listings; returns (keywords, scores)."""
    kw = shop.keywords
    sold = sorted(set(shop.products.category.tolist()))
    titles = [LISTING_TITLES[c] for c in sold]
    relevance = tfidf_similarity(kw.keyword.tolist(), titles).max(axis=1)
    scores = keyword_scores(
        kw.monthly_volume,
        kw.difficulty,
        kw.cpc,
        position=kw.position,
        relevance=relevance,
        keywords=kw.keyword.tolist(),
    )
    return kw.keyword, scores


def section(shop: SampleShop) -> str:
    """Top keywords by priority score and a Taobao title built from the best ones."""
    kw = shop.keywords
    keywords, scores = ranked_keywords(shop)
    order = scores.order()
    clicks_now = estimated_clicks(kw.monthly_volume, kw.position)
    gain = keyword_opportunity(kw.monthly_volume, kw.position, kw.difficulty)
    out = [
        "SEO keywords",
        f"  {len(keywords)} keywords scored (volume, ease, CPC intent, relevance, position)",
        f"  organic clicks now ~{clicks_now.sum():,.0f}/month; "
        f"difficulty-weighted opportunity ~{gain.sum():,.0f} more",
        "  rank  score  volume  diff   cpc   pos  keyword",
    ]
    for i in order[:10]:
        pos = "-" if np.isnan(kw.position[i]) else f"{kw.position[i]:.0f}"
        out.append(
            f"  {scores.rank[i]:>4}  {scores.score[i]:.3f}  {kw.monthly_volume[i]:>6}  "
            f"{kw.difficulty[i]:>4.0f}  {kw.cpc[i]:>4.2f}  {pos:>4}  {keywords[i]}"
        )

    # Taobao title for the product line of the best Chinese keyword
    chinese = [i for i in order if not keywords[i].isascii()]
    head = keywords[chinese[0]].split()[0]
    family = [i for i in chinese if keywords[i].split()[0] == head]
    built = build_title(
        [keywords[i] for i in family],
        scores.score[family],
        rules="taobao",
        required=[BRAND, head],
    )
    over = sum(1 for _, why in built.excluded if why == "over_budget")
    out += [
        f"Taobao title for {head!r} ({len(family)} candidate keywords)",
        f"  {built.title}",
        f"  {built.length}/{built.max_length} GBK bytes; covers {len(built.included)} "
        f"keywords, {over} left out for length",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    print(section(sample_shop()))
