#include "services/law/threshold_elements.h"

#include <cstdint>
#include <optional>
#include <string>

namespace casebridge::law::threshold_internal {
namespace {

bool IsAgriculturalInput(GoodsCategory c) {
  return c == GoodsCategory::kPesticide || c == GoodsCategory::kVeterinaryDrug ||
         c == GoodsCategory::kFertiliser || c == GoodsCategory::kSeed;
}

bool IsTrademarkRight(IpRight right) {
  return right == IpRight::kTrademark || right == IpRight::kGeographicalIndication;
}

// Whether the 标识 themselves may be the subject of the case, so that 刑法 215 is assessed: the
// goods category is TRADEMARK_LABELS, or it is not recorded and the record does not rule labels
// out. A recorded category other than labels means goods bearing the mark (213/214; labels made and
// put on one's own goods are part of that 假冒); so does a recorded label count of 0. With the
// category unrecorded, a positive or unrecorded label count keeps labels plausible: 215 is then
// assessed, and RequireLabelsSubject makes it INSUFFICIENT_DATA (never NOT_MET for want of the
// category, and never MET or NEAR on amounts that may be the goods' value) unless another element
// refutes it.
bool LabelsMayBeSubject(const CaseFacts& facts) {
  if (facts.goods_category == GoodsCategory::kTrademarkLabels) return true;
  if (facts.goods_category != GoodsCategory::kUnspecified) return false;
  const std::optional<std::int64_t>& labels = facts.counts.mark_label_count;
  return !(labels && *labels == 0);
}

// Requires `status` to be `wanted`; the opposite refutes the offence, unknown is recorded.
void Require(ElementCheck* check, FactStatus status, FactStatus wanted, std::string path,
             std::string refuted, std::string unknown) {
  if (status == wanted) return;
  if (status == FactStatus::kUnknown) {
    check->unknown.push_back(std::move(unknown));
    check->missing.push_back(std::move(path));
  } else {
    check->refuted.push_back(std::move(refuted));
  }
}

void RequireIpRight(ElementCheck* check, const CaseFacts& facts, bool matches) {
  if (facts.ip_right == IpRight::kUnspecified) {
    check->unknown.push_back("涉及的知识产权类型未记录");
    check->missing.push_back("ip_right");
  } else if (!matches) {
    check->refuted.push_back("案件不涉及该罪所保护的知识产权");
  }
}

// 刑法 213/214/215: the mark must be identical to the registered one (相同商标, 法释〔2020〕10号
// art. 1: 完全相同 or 基本无差别). `labels` words the reasons for 215, where the mark is on the
// 标识.
void RequireIdenticalRelation(ElementCheck* check, const CaseFacts& facts,
                              const std::string& article, bool labels) {
  switch (facts.mark_relation) {
    case MarkRelation::kIdentical:
      break;
    case MarkRelation::kSimilar:
      check->refuted.push_back(
          labels ? "标识上是近似商标而非他人注册商标（法释〔2004〕19号第3条：伪造、擅自制造他人"
                   "注册商标标识），至多属商标法第57条规定的行政违法，不论数量、数额大小均不适用" +
                       article
                 : "使用的是近似商标而非相同商标，属商标法第57条规定的行政违法，" +
                       std::string("不论数额大小均不适用") + article);
      break;
    case MarkRelation::kOther:
      check->refuted.push_back(
          labels ? "标识上的商标与他人注册商标不相同，不属于伪造、擅自制造他人注册商标标识，"
                   "至多属商标法第57条规定的行政违法，不适用" +
                       article
                 : "商标关系不属于相同商标（如反向假冒），属商标法第57条规定的行政违法，"
                   "不适用" +
                       article);
      break;
    case MarkRelation::kUnspecified:
    case MarkRelation::kUnknown:
      check->unknown.push_back(labels ? "标识上的商标与注册商标是否相同未查明"
                                      : "商标关系（相同/近似）未查明");
      check->missing.push_back("mark_relation");
      break;
  }
}

// 刑法 213/214: a mark identical to the registered one on the same kind of goods or services.
void RequireIdenticalMark(ElementCheck* check, const CaseFacts& facts, const std::string& article) {
  RequireIdenticalRelation(check, facts, article, /*labels=*/false);
  Require(check, facts.same_kind_of_goods, FactStatus::kEstablished, "same_kind_of_goods",
          "未在同一种商品/服务上使用注册商标，属商标法第57条规定的行政违法，不适用" + article,
          "是否为同一种商品/服务未查明");
}

// 刑法 215 is about the 标识 themselves (goods category TRADEMARK_LABELS): its 件 count and its
// 非法经营数额 / 违法所得 are those of the label business. In a case about goods bearing a mark the
// amounts are the value of the goods, which 213/214 assess; reading them against 215 flagged every
// large goods case. An unrecorded category leaves the subject unknown (INSUFFICIENT_DATA, never
// MET on the goods' amounts); TouchedOffences only assesses 215 then when labels are plausible.
void RequireLabelsSubject(ElementCheck* check, const CaseFacts& facts, const std::string& article) {
  if (facts.goods_category == GoodsCategory::kTrademarkLabels) return;
  if (facts.goods_category == GoodsCategory::kUnspecified) {
    check->unknown.push_back(
        "涉案物品是否为注册商标标识本身未记录（涉案商品类别），无法判断标识数量和非法经营数额、"
        "违法所得是否为标识的");
    check->missing.push_back("goods_category");
  } else {
    check->refuted.push_back(
        "涉案物品是商品而非注册商标标识本身，其数额是商品的经营数额，由刑法第二百一十三条、第二百"
        "一十四条评估，不适用" +
        article);
  }
}

// 刑法 140, 147, 149: 掺杂掺假、以假充真、以次充好或者以不合格产品冒充合格产品.
void RequireFakeOrInferior(ElementCheck* check, const CaseFacts& facts,
                           const std::string& article) {
  Require(check, facts.fake_or_inferior_product, FactStatus::kEstablished,
          "fake_or_inferior_product",
          "经查不属于伪劣产品（掺杂掺假、以假充真、以次充好或以不合格产品冒充合格产品），不适用" +
              article,
          "是否属于伪劣产品未查明");
}

void RequireCategory(ElementCheck* check, const CaseFacts& facts, GoodsCategory wanted,
                     std::string_view what) {
  if (facts.goods_category == wanted) return;
  if (facts.goods_category == GoodsCategory::kUnspecified) {
    check->unknown.push_back("涉案商品类别未记录");
    check->missing.push_back("goods_category");
  } else {
    check->refuted.push_back("涉案商品不是" + std::string(what));
  }
}

}  // namespace

bool IsSpecialProduct(GoodsCategory c) {
  return c == GoodsCategory::kFood || c == GoodsCategory::kDrug ||
         c == GoodsCategory::kMedicalDevice || c == GoodsCategory::kCosmetic ||
         c == GoodsCategory::kSafetyCriticalProduct || IsAgriculturalInput(c);
}

ElementCheck CheckElements(Offence offence, const CaseFacts& facts) {
  ElementCheck check;
  const std::string article(OffenceArticle(offence));
  switch (offence) {
    case Offence::kArt140:
    case Offence::kArt147:
      RequireFakeOrInferior(&check, facts, article);
      break;
    case Offence::kArt149:
      // 假药 and 有毒有害食品 are 伪劣 products of 141-148 too.
      if (facts.counterfeit_drug != FactStatus::kEstablished &&
          facts.toxic_or_harmful_food != FactStatus::kEstablished) {
        RequireFakeOrInferior(&check, facts, article);
      }
      break;
    case Offence::kArt141:
      RequireCategory(&check, facts, GoodsCategory::kDrug, "药品");
      Require(&check, facts.counterfeit_drug, FactStatus::kEstablished, "counterfeit_drug",
              "经查不属于假药（药品管理法第98条），不适用" + article, "是否属于假药未查明");
      break;
    case Offence::kArt144:
      RequireCategory(&check, facts, GoodsCategory::kFood, "食品");
      Require(&check, facts.toxic_or_harmful_food, FactStatus::kEstablished,
              "toxic_or_harmful_food", "经查未掺入有毒、有害的非食品原料，不适用" + article,
              "是否掺入有毒、有害的非食品原料未查明");
      break;
    case Offence::kArt213:
    case Offence::kArt214:
      RequireIpRight(&check, facts, IsTrademarkRight(facts.ip_right));
      if (facts.goods_category == GoodsCategory::kTrademarkLabels) {
        check.refuted.push_back(
            "涉案物品是注册商标标识本身，而非使用该商标的商品/服务，由刑法第二百一十五条评估，"
            "不适用" +
            article);
      }
      if (offence == Offence::kArt214 && facts.goods_or_services == GoodsOrServices::kServices) {
        check.refuted.push_back("销售假冒注册商标的商品罪只涉及商品，本案商标用于服务");
      }
      RequireIdenticalMark(&check, facts, article);
      break;
    case Offence::kArt215:
      // 法释〔2004〕19号 art. 3: "伪造、擅自制造他人注册商标标识或者销售伪造、擅自制造的注册商标
      // 标识". A 标识 of 他人注册商标 is one bearing that registered mark: 伪造 copies it, 擅自制造
      // makes the genuine one without licence, so a label of a merely similar mark (or of another
      // mark) is not one, and is at most 商标法 art. 57 — the identical-mark element of 213/214
      // (法释〔2020〕10号 art. 1). 同一种商品 is not required: the labels are not yet on any goods.
      RequireIpRight(&check, facts, IsTrademarkRight(facts.ip_right));
      RequireLabelsSubject(&check, facts, article);
      RequireIdenticalRelation(&check, facts, article, /*labels=*/true);
      break;
    case Offence::kArt216:
      RequireIpRight(&check, facts, facts.ip_right == IpRight::kPatent);
      break;
    case Offence::kArt217:
    case Offence::kArt218:
      RequireIpRight(&check, facts, facts.ip_right == IpRight::kCopyright);
      Require(&check, facts.with_permission, FactStatus::kRefuted, "with_permission",
              "行为经著作权人许可，不适用" + article, "是否经著作权人许可未查明");
      Require(&check, facts.for_profit, FactStatus::kEstablished, "for_profit",
              "不以营利为目的，不适用" + article, "是否以营利为目的未查明");
      break;
    case Offence::kArt219:
      RequireIpRight(&check, facts, facts.ip_right == IpRight::kTradeSecret);
      break;
    case Offence::kUnspecified:
      check.refuted.push_back("未指定罪名");
      break;
  }
  return check;
}

std::vector<Offence> TouchedOffences(const CaseFacts& facts) {
  std::vector<Offence> out;
  const IpRight ip = facts.ip_right;
  const GoodsCategory category = facts.goods_category;
  const bool goods = facts.goods_or_services != GoodsOrServices::kServices &&
                     ip != IpRight::kCopyright && ip != IpRight::kTradeSecret;
  if (goods || facts.fake_or_inferior_product == FactStatus::kEstablished) {
    out.push_back(Offence::kArt140);
  }
  if (category == GoodsCategory::kDrug || facts.counterfeit_drug != FactStatus::kUnknown) {
    out.push_back(Offence::kArt141);
  }
  if (category == GoodsCategory::kFood || facts.toxic_or_harmful_food != FactStatus::kUnknown) {
    out.push_back(Offence::kArt144);
  }
  if (IsAgriculturalInput(category)) out.push_back(Offence::kArt147);
  if (IsSpecialProduct(category)) out.push_back(Offence::kArt149);
  const bool unknown = ip == IpRight::kUnspecified;
  if (unknown || IsTrademarkRight(ip)) {
    // Goods or services bearing the mark are 213/214; the 标识 themselves are 215.
    if (category != GoodsCategory::kTrademarkLabels) {
      out.insert(out.end(), {Offence::kArt213, Offence::kArt214});
    }
    if (LabelsMayBeSubject(facts)) out.push_back(Offence::kArt215);
  }
  if (unknown || ip == IpRight::kPatent) out.push_back(Offence::kArt216);
  if (unknown || ip == IpRight::kCopyright) {
    out.insert(out.end(), {Offence::kArt217, Offence::kArt218});
  }
  if (unknown || ip == IpRight::kTradeSecret) out.push_back(Offence::kArt219);
  return out;
}

}  // namespace casebridge::law::threshold_internal
