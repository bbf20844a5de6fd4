"""Etherscan-family exports (normal, internal, ERC-20; BscScan; both hash headers) and PayPal layouts that have
no sample in ../shared (French, classic Gross/Fee/Net with Reference Txn ID), written from formats.md §3-4."""

from __future__ import annotations

from decimal import Decimal

import pytest

from walletcare.errors import InvalidInput
from walletcare.evidence.importers.detection import parse_bytes

ME = "0x1111111111111111111111111111111111111111"
OTHER = "0x2222222222222222222222222222222222222222"
H1, H2, H3 = "0x" + "a" * 64, "0x" + "b" * 64, "0x" + "c" * 64

NORMAL = (
    '"Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)",'
    '"CurrentValue @ $2264.03996675132/Eth","TxnFee(ETH)","TxnFee(USD)","Historical $Price/Eth","Status","ErrCode","Method"\r\n'
    f'"{H1}","19000000","1704067200","2024-01-01 00:00:00","{OTHER}","{ME}","","1.5","0","3396.06","0.00042","0.95","2281.1","","","Transfer"\r\n'
    f'"{H2}","19000001","1704070800","2024-01-01 01:00:00","{ME}","{OTHER}","","0","0.25","566.01","0.0011","2.51","2281.1","Error(0)","Reverted","Transfer"\r\n'
    f'"{H3}","19000002","1704074400","2024-01-01 02:00:00","{ME}","{OTHER}","","0","0","0","0.0005","1.1","2281.1","","","Approve"\r\n'
)
INTERNAL_BSC = (
    '"Transaction Hash","Blockno","UnixTimestamp","DateTime (UTC)","ParentTxFrom","ParentTxTo","ParentTxBNB_Value","From","TxTo",'
    '"ContractAddress","Value_IN(BNB)","Value_OUT(BNB)","CurrentValue @ $542.86/BNB","Historical $Price/BNB","Status","ErrCode","Type"\n'
    f'"{H1}","35000000","1704067200","2024-01-01 00:00:00","{ME}","{OTHER}","0","{OTHER}","{ME}","","0.02","0","10.86","300","0","","call",""\n'
    f'"{H2}","35000001","1704067260","2024-01-01 00:01:00","{ME}","{OTHER}","0","{OTHER}","{ME}","","0.03","0","16.29","300","1","Out of gas","call",""\n'
)
ERC20 = (
    '"Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","TokenValue","USDValueDayOfTx","ContractAddress","TokenName","TokenSymbol"\n'
    f'"{H1}","19000000","1704067200","2024-01-01 00:00:00","{ME}","{OTHER}","1,999.8354","$1,999.84","0xdac17f958d2ee523a2206206994597c13d831ec7","Tether USD","USDT"\n'
    f'"{H1}","19000000","1704067200","2024-01-01 00:00:00","{ME}","{OTHER}","1,999.8354","$1,999.84","0xdac17f958d2ee523a2206206994597c13d831ec7","Tether USD","USDT"\n'
    f'"{H2}","19000001","1704067300","2024-01-01 00:01:40","{OTHER}","{ME}","319.22562200498686051","N/A","0x6b175474e89094c44da98b954eedeac495271d0f","Dai","DAI"\n'
    f'"{H3}","19000002","1704067400","2024-01-01 00:03:20","{ME}","{OTHER}","0","N/A","0xdac17f958d2ee523a2206206994597c13d831ec7","Tether USD","USDT"\n'
)


def test_etherscan_normal_failed_rows_kept() -> None:
    parsed = parse_bytes(NORMAL.encode())
    assert (parsed.source_format, len(parsed.rows), parsed.bad_rows) == ("etherscan-normal", 3, [])
    incoming, failed, approve = (r.tx for r in parsed.rows)
    assert (incoming.direction, incoming.amount, incoming.currency, incoming.fee) == ("in", Decimal("1.5"), "ETH", None)
    assert incoming.time.isoformat() == "2024-01-01T00:00:00+00:00"
    assert (failed.direction, failed.status, failed.fee) == ("out", "Error(0)", Decimal("0.0011"))
    assert ("failed", "yes") in failed.extra and ("error_code", "Reverted") in failed.extra
    # the 0.25 ETH a failed row shows never moved: the amount is zero, the shown value kept beside it
    assert failed.amount == 0 and ("value_not_moved", "0.25") in failed.extra
    assert (approve.direction, approve.amount, approve.description) == ("out", Decimal(0), "Approve")
    assert incoming.references[0].kind == "tx_hash" and incoming.references[0].value == H1


def test_bscscan_internal_with_transaction_hash_header_and_extra_field() -> None:
    parsed = parse_bytes(INTERNAL_BSC.encode())
    assert (parsed.source_format, len(parsed.rows)) == ("etherscan-internal", 2)
    ok, failed = (r.tx for r in parsed.rows)
    assert (ok.currency, ok.amount, ok.direction, ok.status) == ("BNB", Decimal("0.02"), "in", "0")
    assert ("failed", "yes") in failed.extra and ("failed", "yes") not in ok.extra
    assert (failed.amount, failed.direction) == (0, "in") and ("value_not_moved", "0.03") in failed.extra


def test_explorer_values_keep_every_digit() -> None:
    """Token values carry up to 18 decimals: nothing is rounded to the default 28 significant digits."""
    value = "1234567890123.123456789012345678"
    erc20 = ERC20.splitlines()[0] + "\n" + (
        f'"{H1}","19000000","1704067200","2024-01-01 00:00:00","{OTHER}","{ME}","{value}","N/A",'
        '"0xdac17f958d2ee523a2206206994597c13d831ec7","Tether USD","USDT"\n')
    (row,) = parse_bytes(erc20.encode(), own_addresses=(ME,)).rows
    assert str(row.fields["amount"]) == value
    normal = NORMAL.splitlines()[0] + "\r\n" + (
        f'"{H1}","19000000","1704067200","2024-01-01 00:00:00","{ME}","{OTHER}","","0","12345678901.123456789012345678",'
        '"1","0.00042","0.95","2281.1","","","Transfer"\r\n')
    (row,) = parse_bytes(normal.encode(), own_addresses=(ME,)).rows
    assert str(row.fields["amount"]) == "12345678901.123456789012345678"


def test_erc20_thousands_separators_repeats_and_spam() -> None:
    # Both addresses are in every row: the case's own addresses say whose export it is.
    parsed = parse_bytes(ERC20.encode(), own_addresses=(ME.upper().replace("0X", "0x"),))
    assert parsed.source_format == "etherscan-erc20"
    rows = [r.tx for r in parsed.rows]
    assert [tx.amount for tx in rows] == [Decimal("1999.8354"), Decimal("1999.8354"),
                                          Decimal("319.22562200498686051"), Decimal(0)]
    assert [tx.direction for tx in rows] == ["out", "out", "in", "out"]
    assert rows[1].dedup_key == rows[0].dedup_key + "#2"
    assert rows[3].tags == ("possible_spam",)
    assert parsed.warnings and "1" in parsed.warnings[0]


def test_oklink_and_etherscan_keys_agree() -> None:
    oklink = ("交易哈希,区块高度,本地时间(UTC+8),UTC时间,发送方,发送方ENS,接收方,接收方ENS,数量,代币符号,代币地址\n"
              f"{H1},19000000,2024/01/01 08:00:00,2024/01/01 00:00:00,{ME},,{OTHER},,1999.8354,USDT,"
              "0xdac17f958d2ee523a2206206994597c13d831ec7,\n")
    ok_key = parse_bytes(oklink.encode()).rows[0].dedup_key
    assert ok_key == parse_bytes(ERC20.encode()).rows[0].dedup_key


def test_own_addresses_decide_direction() -> None:
    data = ERC20.encode()
    mine = [r.tx.direction for r in parse_bytes(data, own_addresses=(ME,)).rows]
    theirs = [r.tx.direction for r in parse_bytes(data, own_addresses=(OTHER,)).rows]
    assert mine == ["out", "out", "in", "out"] and theirs == ["in", "in", "out", "in"]


PAYPAL_FR = (
    '"Date","Heure","Fuseau horaire","Description","Devise","Brut","Frais","Net","Solde","N° de transaction",'
    '"De l\'adresse email","Nom","Nom de la banque","Compte bancaire","Montant des frais de livraison et de traitement",'
    '"TVA","Numéro de facture","Numéro de la transaction de référence"\n'
    '"1/17/2020","10:04:11","America/Los_Angeles","Paiement express","EUR","-59,30","0,00","-59,30","-59,30",'
    '"06P57143A2806728E","a@example.org","Boutique","","","0,00","0,00","F-1",""\n'
    '"1/17/2020","10:04:11","America/Los_Angeles","Virement par carte bancaire standard","EUR","59,30","0,00","59,30","0,00",'
    '"1AB23456CD7890123","","","","","0,00","0,00","","06P57143A2806728E"\n'
    '"1/20/2020","09:00:00","Europe/Paris","Remboursement","EUR","1.234,56","0,00","1.234,56","1.234,56",'
    '"9ZZ23456CD7890123","","Boutique","","","0,00","0,00","","06P57143A2806728E"\n'
)
PAYPAL_CLASSIC = (
    '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address",'
    '"To Email Address","Transaction ID","Reference Txn ID","Balance"\n'
    '"13/01/2018","02:15:42","GMT","Calm Radio","Subscription Payment","Completed","USD","-6.99","0.00","-6.99",'
    '"me@example.org","x@example.org","0XG02A4F70310002N","I-ABCDEF","-6.99"\n'
    '"14/01/2018","23:59:59","EDT","Seller","Payment Received","Completed","USD","100.00","-3.20","96.80",'
    '"b@example.org","me@example.org","1XG02A4F70310002N","","90.00"\n'
    '"15/01/2018","01:00:00","PST","Seller","Payment Received","Completed","USD","100.00","0.00","100.00",'
    '"b@example.org","me@example.org","2XG02A4F70310002N","","190.00"\n'
    '"15/01/2018","01:00:00","Mars/Olympus","Seller","Payment Received","Completed","USD","1.00","0.00","1.00",'
    '"b@example.org","me@example.org","3XG02A4F70310002N","","191.00"\n'
)


def test_paypal_french_decimal_commas_iana_zones_and_reference_link() -> None:
    parsed = parse_bytes(PAYPAL_FR.encode())
    assert (parsed.format, parsed.variant, len(parsed.rows)) == ("paypal", "localised", 3)
    payment, funding, refund = (r.tx for r in parsed.rows)
    assert (payment.amount, payment.direction, payment.currency) == (Decimal("59.30"), "out", "EUR")
    assert payment.time.isoformat() == "2020-01-17T10:04:11-08:00"
    assert refund.time.isoformat() == "2020-01-20T09:00:00+01:00"
    assert (refund.amount, refund.direction) == (Decimal("1234.56"), "in")
    assert parsed.rows[2].refund_of_key == payment.dedup_key == "paypal:06P57143A2806728E"
    assert parsed.rows[1].refund_of_key is None  # funding rows reference the payment but are not refunds
    assert ("merchant_order_no", "F-1") in [(r.kind, r.value) for r in payment.references]


def test_paypal_classic_day_first_zones_and_bad_zone_row() -> None:
    parsed = parse_bytes(PAYPAL_CLASSIC.encode())
    assert [b.line for b in parsed.bad_rows] == [5]
    assert "Mars/Olympus" in parsed.bad_rows[0].reason
    first, second, third = (r.tx for r in parsed.rows)
    assert first.time.isoformat() == "2018-01-13T02:15:42+00:00"  # 13/01 → the file is day-first
    assert second.time.isoformat() == "2018-01-14T23:59:59-04:00"
    assert third.time.isoformat() == "2018-01-15T01:00:00-08:00"
    assert (second.fee, second.direction) == (Decimal("3.20"), "in")


def test_requested_format_that_does_not_match_names_the_file_start() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_bytes(ERC20.encode(), format="alipay")
    assert "Txhash" in info.value.text()
