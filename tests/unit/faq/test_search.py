"""The search index at its interface: build, rebuild on change or damage, Chinese and English queries,
synonyms, typos, scopes, filters, snippets. Real Whoosh index in a temporary cache."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from walletcare import resources
from walletcare.faq.analysis import normalize, terms
from walletcare.faq.search import SearchIndex, phrase_bonus

FIXTURES = Path(__file__).with_name("fixtures") / "articles"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    shutil.copytree(FIXTURES, root)
    return root


@pytest.fixture
def index(articles: Path, tmp_path: Path) -> SearchIndex:
    built = SearchIndex.open(articles, tmp_path / "cache")
    yield built
    built.close()


def ids(results: list) -> list[str]:
    return [hit.id for hit in results]


def test_analysis_bigrams_single_characters_and_stems() -> None:
    assert terms("提现金额") == ["提现", "现金", "金额"]
    assert terms("卡") == ["卡"]
    assert terms("提現") == terms("提现")
    assert terms("Withdrawals are PENDING") == ["withdraw", "pend"]
    assert terms("ＵＳＤＴ ｔｒｃ２０") == ["usdt", "trc20"]
    assert len(normalize("帳戶被凍結")) == len("帳戶被凍結")


def test_first_search_builds_then_reuses(index: SearchIndex, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    assert index.ensure_built(progress=lambda done, total: seen.append((done, total))) is True
    assert seen[-1] == (25, 25) and len(seen) == 25  # 12 documents, two passes, then the commit
    assert [done for done, _total in seen] == list(range(1, 26))
    assert index.ensure_built() is False
    index.close()
    again = SearchIndex.open(index.root, tmp_path / "cache")
    assert again.ensure_built() is False  # the index on disk is reused by a new process
    assert ids(again.search("冻结", "zh-CN"))[0] == "account-frozen"
    again.close()


def test_rebuilds_when_content_changes(index: SearchIndex, articles: Path, tmp_path: Path) -> None:
    assert "paypal-account-limited" not in ids(index.search("鹦鹉螺", "zh-CN"))
    index.close()
    path = articles / "paypal-account-limited" / "zh-CN.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n鹦鹉螺号也可能受限。\n", encoding="utf-8")
    changed = SearchIndex.open(articles, tmp_path / "cache")
    assert changed.ensure_built() is True
    assert ids(changed.search("鹦鹉螺", "zh-CN")) == ["paypal-account-limited"]
    assert len(list((tmp_path / "cache").glob("index-*"))) == 1  # the old index was removed
    changed.close()


def _damage(folder: Path, part: str, how: str) -> None:
    path = next(p for p in folder.iterdir() if p.name.endswith(part))
    data = path.read_bytes()
    if how == "garbage":
        path.write_bytes(b"\x00garbage" * 10)
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":  # same size, every byte of the second half changed
        half = len(data) // 2
        path.write_bytes(data[:half] + bytes(b ^ 0x5A for b in data[half:]))
    else:  # same size, a stretch in the middle changed
        third = len(data) // 3
        path.write_bytes(data[:third] + bytes(b ^ 0xFF for b in data[third : 2 * third]) + data[2 * third :])


@pytest.mark.parametrize(("part", "how"), [
    (".toc", "garbage"), (".trm", "truncated"), (".trm", "middle"), (".pst", "truncated"), (".pst", "flipped"),
    (".pst", "middle"), ("_stored.col", "middle"), ("_stored.col", "garbage"), ("walletcare.meta", "garbage"),
    ("walletcare.meta", "flipped"), ("complete", "garbage"),
])
def test_damaged_index_is_rebuilt(index: SearchIndex, articles: Path, tmp_path: Path, part: str, how: str) -> None:
    index.ensure_built()
    folder = index.folder()
    index.close()
    _damage(folder, part, how)
    fresh = SearchIndex.open(articles, tmp_path / "cache")
    assert fresh.ensure_built() is True  # never read: checked against its manifest and built again
    assert ids(fresh.search("助记词", "zh-CN"))[0] == "seed-phrase-never-share"
    assert ids(fresh.search("paypal limited", "en"))[0] == "paypal-account-limited"
    fresh.close()


def test_an_error_that_is_not_damage_surfaces_and_keeps_the_index(index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.faq import ranking

    index.ensure_built()
    folder = index.folder()

    def broken(self: object, searcher: object) -> dict:
        raise OSError("a bug, not damage")

    monkeypatch.setattr(ranking.FusedTerms, "scores", broken)
    with pytest.raises(OSError, match="a bug"):
        index.search("冻结", "zh-CN")
    assert (folder / "complete").is_file()  # the index is kept
    monkeypatch.undo()
    assert ids(index.search("冻结", "zh-CN"))[0] == "account-frozen"


def test_missing_index_is_rebuilt(index: SearchIndex, articles: Path, tmp_path: Path) -> None:
    index.ensure_built()
    index.close()
    shutil.rmtree(tmp_path / "cache")
    fresh = SearchIndex.open(articles, tmp_path / "cache")
    assert ids(fresh.search("paypal limited", "en"))[0] == "paypal-account-limited"
    fresh.close()


def test_index_deleted_while_open_is_rebuilt_by_next_process(index: SearchIndex, articles: Path, tmp_path: Path) -> None:
    index.ensure_built()
    assert ids(index.search("冻结", "zh-CN"))[0] == "account-frozen"
    shutil.rmtree(index.folder())
    assert ids(index.search("冻结", "zh-CN"))[0] == "account-frozen"  # open files stay readable
    index.close()
    fresh = SearchIndex.open(articles, tmp_path / "cache")
    assert fresh.ensure_built() is True
    fresh.close()


@pytest.mark.parametrize(("simplified", "traditional"), [
    ("账户被冻结怎么办", "帳戶被凍結怎麼辦"), ("提现卡住", "提現卡住"), ("助记词", "助記詞"),
])
def test_simplified_and_traditional_find_the_same(index: SearchIndex, simplified: str, traditional: str) -> None:
    for lang in ("zh-CN", "zh-TW"):
        assert ids(index.search(simplified, lang))[0] == ids(index.search(traditional, lang))[0]


@pytest.mark.parametrize(("query", "expected"), [
    ("冻结", "account-frozen"), ("提现", "withdrawal-pending"), ("卡", "withdrawal-pending"),
    ("私钥", "seed-phrase-never-share"), ("限", "paypal-account-limited"),
])
def test_one_and_two_character_queries(index: SearchIndex, query: str, expected: str) -> None:
    assert expected in ids(index.search(query, "zh-CN"))[:2]


def test_synonyms_cross_languages(index: SearchIndex) -> None:
    assert ids(index.search("mnemonic", "zh-CN"))[0] == "seed-phrase-never-share"
    assert ids(index.search("cash out", "en"))[0] == "withdrawal-pending"
    assert ids(index.search("恢复短语", "en"))[0] == "seed-phrase-never-share"


def test_english_typo_is_corrected_with_did_you_mean(index: SearchIndex) -> None:
    results = index.search("withdrawel pending", "en")
    assert ids(results)[0] == "withdrawal-pending"
    assert results.did_you_mean == "withdrawal pending"
    assert index.search("withdrawal pending", "en").did_you_mean is None


def test_scope_prefix_and_filters(index: SearchIndex) -> None:
    scoped = index.search("paypal: 受限", "zh-CN")
    assert ids(scoped) == ["paypal-account-limited"] and scoped.scope == "paypal"
    assert ids(index.search("支付宝：冻结", "zh-CN"))[0] == "account-frozen"
    assert "paypal-account-limited" not in ids(index.search("支付寶：受限", "zh-CN"))
    assert set(ids(index.search("paypal:", "en"))) == {"paypal-account-limited"}
    assert ids(index.search("银行卡", "zh-CN", filters={"category": "withdrawal"})) == ["withdrawal-pending"]
    assert set(ids(index.search("钱包", "zh-CN", filters={"wallets": ["tokenpocket"]}))) == {"seed-phrase-never-share"}


def test_hits_have_language_title_and_highlighted_snippet(index: SearchIndex) -> None:
    hit = index.search("验证码", "zh-TW")[0]
    assert hit.lang == "zh-TW" and hit.title and hit.score > 0 and hit.category
    assert hit.highlights
    for start, end in hit.highlights:
        assert normalize(hit.snippet[start:end]) in ("验证码", "验证", "证码")
    assert "<b>驗證碼</b>" in hit.snippet_html()
    assert set(hit.as_json()) >= {"id", "title", "lang", "score", "snippet"}


def test_limit_and_no_results(index: SearchIndex) -> None:
    assert len(index.search("钱包", "zh-CN", limit=2)) == 2
    assert list(index.search("zzzzqqq", "en")) == []
    assert list(index.search("   ", "en")) == []


def test_falls_back_to_other_languages_when_nothing_matches(index: SearchIndex) -> None:
    hits = index.search("Resolution Center 解决中心", "zh-CN")
    assert ids(hits)[0] == "paypal-account-limited"


def test_building_off_the_calling_thread(index: SearchIndex) -> None:
    progress: list[int] = []
    worker = threading.Thread(target=index.ensure_built, kwargs={"progress": lambda d, t: progress.append(d)})
    worker.start()
    worker.join(60)
    assert progress and not worker.is_alive()
    assert index.search("冻结", "zh-CN")


def test_phrase_bonus() -> None:
    assert phrase_bonus("withdrawl pending", ["withdrawl pending"]) == 2.0
    assert phrase_bonus("x", ["x"]) == 1.0
    assert 1.0 < phrase_bonus("提现卡住了怎么办", ["提现卡住"]) < 2.0


def test_the_shipped_index_is_used_when_it_matches_the_content(articles: Path, tmp_path: Path) -> None:
    from walletcare.faq.search import build_shipped

    shipped = tmp_path / "shipped"
    synonyms = resources.path("search/synonyms.yaml")
    assert build_shipped(shipped, articles, synonyms) is True
    assert build_shipped(shipped, articles, synonyms) is False  # intact and current: nothing written
    index = SearchIndex(articles, tmp_path / "cache", synonyms, shipped=shipped)
    assert index.ensure_built() is False and index.folder() == shipped
    assert ids(index.search("冻结", "zh-CN"))[0] == "account-frozen"
    assert not (tmp_path / "cache").exists()  # nothing built in the user cache
    index.close()

    path = articles / "paypal-account-limited" / "zh-CN.md"  # edited content: the shipped index is stale
    path.write_text(path.read_text(encoding="utf-8") + "\n鹦鹉螺号也可能受限。\n", encoding="utf-8")
    edited = SearchIndex(articles, tmp_path / "cache", synonyms, shipped=shipped)
    assert edited.ensure_built() is True and edited.folder().parent == tmp_path / "cache"
    assert ids(edited.search("鹦鹉螺", "zh-CN")) == ["paypal-account-limited"]
    edited.close()


def test_a_damaged_shipped_index_is_left_alone_and_built_in_the_cache(articles: Path, tmp_path: Path) -> None:
    from walletcare.faq.search import build_shipped

    shipped = tmp_path / "shipped"
    synonyms = resources.path("search/synonyms.yaml")
    build_shipped(shipped, articles, synonyms)
    _damage(shipped, ".pst", "truncated")
    index = SearchIndex(articles, tmp_path / "cache", synonyms, shipped=shipped)
    assert ids(index.search("助记词", "zh-CN"))[0] == "seed-phrase-never-share"
    assert index.folder().parent == tmp_path / "cache" and (shipped / "complete").is_file()
    index.close()
    assert build_shipped(shipped, articles, synonyms) is True  # the install step repairs it


def test_the_whoosh_analyzers_give_the_terms_of_the_analysis() -> None:
    from walletcare.faq.analysis import characters
    from walletcare.faq.content import Library
    from walletcare.faq.tokenizer import char_analyzer, text_analyzer

    words, chars = text_analyzer(), char_analyzer()
    samples = ["提現金額卡住了 Withdrawals are PENDING ＵＳＤＴ ｔｒｃ２０, I'm told to recognise it", "卡", "  "]
    samples += [a.title + "\n" + a.plain_text() for a in Library.load(FIXTURES)]
    for text in samples:
        assert [t.text for t in words(text)] == terms(text)
        assert [t.text for t in chars(text)] == characters(text)
    spans = [(t.startchar, t.endchar) for t in words("帳戶 frozen", chars=True)]
    assert spans == [(0, 2), (3, 9)]  # offsets into the text as typed


def test_scores_are_bm25f_with_field_boosts_best_field_and_tie_break(index: SearchIndex) -> None:
    """A term and a character, scored by hand from the articles' own text (Whoosh's BM25 formula, lengths as
    Whoosh stores them), against the searcher's answer over the impacts written at build time."""
    import math

    from whoosh.query import Term
    from whoosh.scoring import bm25

    from walletcare.faq.analysis import characters
    from walletcare.faq.content import Library
    from walletcare.faq.indexing import parts
    from walletcare.faq.ranking import (
        CHAR_FIELDS,
        CHARS,
        FIELD_TIEBREAK,
        FIELD_WEIGHTS,
        TERMS,
        TEXT_FIELDS,
        FusedTerms,
        quantised,
    )

    index.ensure_built()
    searcher = index._searcher
    articles = list(Library.load(index.root))
    analysed = [{part: (characters if part in CHAR_FIELDS else terms)(text) for part, text in parts(a).items()}
                for a in articles]
    docs = len(analysed)
    for term, field, sources in (("冻结", TERMS, TEXT_FIELDS), ("卡", CHARS, CHAR_FIELDS)):
        hits = searcher.search(FusedTerms([(term, 1.0, field)]), limit=None)
        assert len(hits) >= 2
        expected = {}
        for article, found in zip(articles, analysed, strict=True):
            per_part = []
            for part in sources:
                if term in found[part]:
                    boost, b = FIELD_WEIGHTS[part]
                    frequency = sum(term in other[part] for other in analysed)
                    idf = math.log(docs / (frequency + 1)) + 1
                    average = sum(len(other[part]) for other in analysed) / docs
                    length = quantised(len(found[part]))
                    per_part.append(boost * bm25(idf, found[part].count(term), length, average, b, 1.2))
            if per_part:
                best = max(per_part)
                expected[(article.id, article.lang)] = best + FIELD_TIEBREAK * (sum(per_part) - best)
        assert {(hit["id"], hit["lang"]): hit.score for hit in hits} == pytest.approx(expected, rel=1e-6)
        # Whoosh's own term query over the impact field scores the same (the weighting is the posting weight)
        assert dict(searcher.search(Term(field, term), limit=None).items()) == dict(hits.items())
    hits = searcher.search(FusedTerms([("冻结", 1.0, TERMS)]), limit=None)
    both = dict(searcher.search(FusedTerms([("冻结", 1.0, TERMS), ("zzqq", 1.0, TERMS)]), limit=None).items())
    for hit in hits:  # coordination: meeting half of the query's weight keeps 75 % of the score
        assert both[hit.docnum] == pytest.approx(0.75 * hit.score)


def test_a_filter_no_article_meets_finds_nothing(index: SearchIndex) -> None:
    """An empty set of allowed documents is a filter, not "no filter" (Whoosh's collector reads it as none)."""
    assert ids(index.search("冻结", "zh-CN", filters={"category": "no-such-category"})) == []
    assert ids(index.search("钱包", "zh-CN", filters={"wallets": "no-such-wallet"})) == []
    assert ids(index.search("冻结", "zh-CN", filters={"category": "account"}))[0] == "account-frozen"


def test_posting_blocks_read_what_whoosh_reads(tmp_path: Path) -> None:
    """Block-wise reading agrees with Whoosh's one-posting-at-a-time matcher over many blocks, any stretch."""
    import random

    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.fields import Schema

    from walletcare.faq.ranking import ImpactField, posting_blocks

    rng = random.Random(5)
    ix = whoosh_index.create_in(str(tmp_path), Schema(terms=ImpactField()))
    writer = ix.writer(codec=W3Codec(compression=0))
    for _doc in range(1500):
        writer.add_document(terms={t: rng.uniform(0.1, 9.0) for t in ("common", "rare") if rng.random() < (
            0.9 if t == "common" else 0.01)})
    writer.add_document(terms={"once": 2.5})  # a one-posting list is kept inside the term table
    writer.commit()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for term in ("common", "rare", "once"):
            matcher = reader.postings("terms", term)
            expected = []
            while matcher.is_active():
                expected.append((matcher.id(), matcher.weight()))
                matcher.next()
            assert expected
            for low, high in ((0, 1501), (0, 700), (129, 130), (300, 1100), (1000, 1501), (1501, 1501)):
                got = [pair for ids, weights in posting_blocks(reader.postings("terms", term), low, high)
                       for pair in zip(ids, weights, strict=True)]
                assert got == [(doc, weight) for doc, weight in expected if low <= doc < high], (term, low, high)
    ix.close()
