// 涉案物品清单 (国务院令第310号 art. 4): AddSeizedItem, UpdateSeizedItem, RecordSeizedItemDisposal.
#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <regex>
#include <set>

#include "services/core/rpc.h"
#include "services/intake/case_rows.h"
#include "services/intake/case_sub_resources.h"
#include "services/intake/intake_service.h"
#include "services/intake/party_validation.h"
#include "services/law/identifier_text.h"

namespace casebridge::intake {

using core::FieldViolations;
using core::Principal;
using validation::CheckText;
using validation::IsBlank;
using validation::TextRule;

namespace {

constexpr int kMaxSeizedItems = 1000;  // per case, intake.proto CaseFile

constexpr TextRule kGoodsName{"品名", "goods name", 200, true};
constexpr TextRule kBrand{"标识（商标）", "brand or mark", 100};
constexpr TextRule kSpecification{"规格型号", "specification", 200};
constexpr TextRule kUnit{"计量单位", "unit", 20, true};
constexpr TextRule kMeasureDocument{"查封（扣押）决定书或先行登记保存通知书文号",
                                    "number of the seizure decision or preservation notice", 100};
constexpr TextRule kStorageLocation{"存放地点", "storage place", 200, true};
constexpr TextRule kCustodian{"保管人", "custodian", 100};
constexpr TextRule kNote{"备注", "note", 2000, false, false};
constexpr TextRule kRecipientName{"接收人", "recipient's name", 100};
constexpr TextRule kDestroyingUnit{"销毁单位", "destroying unit", 200};
constexpr TextRule kDestructionMethod{"销毁方式", "method of destruction", 200};
constexpr TextRule kJustification{"说明理由", "justification", 2000, false, false};

// The SeizedItem fields UpdateSeizedItem changes: every field an officer enters.
constexpr const char* kUpdatable[] = {"goods_name",
                                      "brand",
                                      "specification",
                                      "quantity",
                                      "unit",
                                      "unit_price_fen",
                                      "value_fen",
                                      "valuation",
                                      "measure",
                                      "seize_time",
                                      "measure_document_number",
                                      "storage_location",
                                      "custodian",
                                      "perishable",
                                      "needs_testing",
                                      "inspection_documents",
                                      "owner_party_id",
                                      "note"};

// 数量 as stored: half-width and trimmed, so "１２０ " and "120" are the same quantity.
std::string NormalisedQuantity(const std::string& quantity) {
  return std::string(law::TrimAsciiWhitespace(law::ToHalfWidth(quantity)));
}

void CheckQuantity(const std::string& quantity, const std::string& path, FieldViolations& v) {
  static const std::regex kDecimal("^[0-9]{1,12}(\\.[0-9]{1,6})?$");
  if (quantity.empty()) {
    v.Add(path, "须填写数量，如 120 或 12.5 / the quantity is required, e.g. 120 or 12.5");
  } else if (!std::regex_match(quantity, kDecimal)) {
    v.Add(path,
          "数量须为阿拉伯数字，可带至多 6 位小数，不写千分位和单位，如 1200 或 12.5 / the quantity "
          "is a number in digits with at most 6 decimals, without thousands separators or unit, "
          "e.g. 1200 or 12.5");
  } else if (quantity.find_first_not_of("0.") == std::string::npos) {
    v.Add(path, "数量须大于 0 / the quantity must be greater than 0");
  }
}

void CheckFen(bool has, int64_t value, const std::string& label_zh, const std::string& path,
              FieldViolations& v) {
  if (!has) return;
  if (value < 0) {
    v.Add(path, label_zh +
                    "不能为负数（单位：分）；不详请留空 / amounts cannot be negative (in "
                    "fen); leave it empty when unknown");
  } else if (value > kMaxAmountFen) {
    v.Add(path, label_zh +
                    "超过 10 万亿元，请核对单位是否为分 / the amount exceeds 10 trillion "
                    "yuan; amounts are in fen (分), please check");
  }
}

// Every wrong field of the officer-entered part of `item`, a line of case `c`, under `prefix`.
void ValidateItem(const v1::SeizedItem& item, const v1::CaseFile& c, const std::string& prefix,
                  FieldViolations& v) {
  const std::string p = prefix + ".";
  CheckText(item.goods_name(), kGoodsName, p + "goods_name", v);
  CheckText(item.brand(), kBrand, p + "brand", v);
  CheckText(item.specification(), kSpecification, p + "specification", v);
  CheckQuantity(item.quantity(), p + "quantity", v);
  CheckText(item.unit(), kUnit, p + "unit", v);
  CheckFen(item.has_unit_price_fen(), item.unit_price_fen(), "单价", p + "unit_price_fen", v);
  CheckFen(item.has_value_fen(), item.value_fen(), "货值", p + "value_fen", v);
  if (!v1::SeizedItem::Valuation_IsValid(item.valuation())) {
    v.Add(p + "valuation", "未知的计价方式 / unknown valuation method");
  } else if (item.valuation() == v1::SeizedItem::VALUATION_UNSPECIFIED &&
             (item.has_unit_price_fen() || item.has_value_fen())) {
    v.Add(
        p + "valuation",
        "填写了单价或货值时须写明计价方式：实际销售价格、标价、实际销售平均价格、被侵权产品市场中间"
        "价格或价格认定（法释〔2004〕19号第十二条） / with a unit price or value, say how it was "
        "determined: actual price, marked price, average price, market price of the genuine "
        "product, or price appraisal");
  }
  const auto measure = item.measure();
  if (measure == v1::SeizedItem::MEASURE_UNSPECIFIED || !v1::SeizedItem::Measure_IsValid(measure)) {
    v.Add(p + "measure",
          "须选择采取的措施：查封、扣押、先行登记保存或抽样取证 / choose the measure: sealed up, "
          "detained, registered preservation or sampling");
  }
  // A seizure (行政强制法 art. 24) and a registered preservation (行政处罚法 art. 56) are made by a
  // written decision or notice; a sample is taken with a record that may have no number.
  TextRule document = kMeasureDocument;
  document.required = measure == v1::SeizedItem::MEASURE_SEALED_UP ||
                      measure == v1::SeizedItem::MEASURE_DETAINED ||
                      measure == v1::SeizedItem::MEASURE_REGISTERED_PRESERVATION;
  CheckText(item.measure_document_number(), document, p + "measure_document_number", v);
  CheckPastTime(item.has_seize_time() ? &item.seize_time() : nullptr, true, "查封（扣押）时间",
                "time of seizure", p + "seize_time", v);
  CheckText(item.storage_location(), kStorageLocation, p + "storage_location", v);
  CheckText(item.custodian(), kCustodian, p + "custodian", v);
  CheckDocumentRefs(item.inspection_documents(), c, p + "inspection_documents", v);
  if (!item.owner_party_id().empty() && FindParty(c, item.owner_party_id()) == nullptr) {
    v.Add(p + "owner_party_id", "本案没有编号为“" + item.owner_party_id() +
                                    "”的当事人 / the case has no party with this party_id");
  }
  CheckText(item.note(), kNote, p + "note", v);
}

void ValidateDisposal(const v1::SeizedItemDisposal& d, const v1::SeizedItem& item,
                      const v1::CaseFile& c, FieldViolations& v) {
  using K = v1::SeizedItemDisposal;
  const auto kind = d.kind();
  if (kind == K::KIND_UNSPECIFIED || !K::Kind_IsValid(kind)) {
    v.Add("disposal.kind",
          "须选择处置方式：留存、移交、退还、无害化销毁或其他 / choose what was done: kept, handed "
          "over, returned, destroyed harmlessly or other");
  }
  std::optional<int64_t> when =
      CheckPastTime(d.has_dispose_time() ? &d.dispose_time() : nullptr, true, "处置时间",
                    "time of disposal", "disposal.dispose_time", v);
  if (when && item.has_seize_time() &&
      *when < google::protobuf::util::TimeUtil::TimestampToMicroseconds(item.seize_time())) {
    v.Add("disposal.dispose_time",
          "处置时间不能早于查封（扣押）时间 / the disposal cannot be before the seizure");
  }
  const bool handed_over = kind == K::KIND_HANDED_OVER;
  if (!d.recipient_organisation().empty()) {
    if (!handed_over) {
      v.Add("disposal.recipient_organisation",
            "接收单位只在移交时填写 / the receiving organisation is only for a hand-over");
    } else if (!IsNameIn(d.recipient_organisation(), "organisations")) {
      v.Add("disposal.recipient_organisation",
            "格式应为 organisations/{id} / expected organisations/{id}");
    }
  }
  TextRule recipient = kRecipientName;
  recipient.required = handed_over || kind == K::KIND_RETURNED;
  if (CheckText(d.recipient_name(), recipient, "disposal.recipient_name", v) &&
      !IsBlank(d.recipient_name()) &&
      (kind == K::KIND_KEPT || kind == K::KIND_DESTROYED_HARMLESSLY)) {
    v.Add("disposal.recipient_name",
          "留存或销毁的物品没有接收人，请写在备注中 / kept or destroyed goods have no recipient; "
          "use the note");
  }
  if (!d.referral().empty()) {
    if (!handed_over) {
      v.Add("disposal.referral", "移送案件只在移交时填写 / the referral is only for a hand-over");
    } else if (!IsNameIn(d.referral(), "referrals")) {
      v.Add("disposal.referral", "格式应为 referrals/{id} / expected referrals/{id}");
    }
  }
  const bool destroyed = kind == K::KIND_DESTROYED_HARMLESSLY;
  TextRule unit = kDestroyingUnit;
  unit.required = destroyed;
  if (CheckText(d.destroying_unit(), unit, "disposal.destroying_unit", v) && !destroyed &&
      !IsBlank(d.destroying_unit())) {
    v.Add("disposal.destroying_unit",
          "销毁单位只在无害化销毁时填写 / the destroying unit is only for destruction");
  }
  if (CheckText(d.destruction_method(), kDestructionMethod, "disposal.destruction_method", v) &&
      !destroyed && !IsBlank(d.destruction_method())) {
    v.Add("disposal.destruction_method",
          "销毁方式只在无害化销毁时填写 / the method of destruction is only for destruction");
  }
  CheckDocumentRefs(d.documents(), c, "disposal.documents", v);
  TextRule note = kNote;
  note.required = kind == K::KIND_OTHER;
  CheckText(d.note(), note, "disposal.note", v);
  // 最高检规定 item 12: concealing or destroying seized goods of a case that should be referred is
  // what procurators act on; goods handed to the police after filing need no explanation.
  TextRule justification = kJustification;
  justification.required =
      c.flagged() && (destroyed || kind == K::KIND_RETURNED) && !PoliceFiledReferral(c);
  if (justification.required && IsBlank(d.justification_when_threshold_met())) {
    v.Add("disposal.justification_when_threshold_met",
          "本案达到或接近刑事追诉标准，尚未由公安机关立案，销毁或退还涉案物品须说明理由（最高检规定"
          "第十二条） / the case meets or nears the criminal threshold and the police have not "
          "filed it: explain why the goods are destroyed or returned");
  } else {
    CheckText(d.justification_when_threshold_met(), justification,
              "disposal.justification_when_threshold_met", v);
  }
}

v1::SeizedItem* FindItem(v1::CaseFile& c, const std::string& name) {
  for (v1::SeizedItem& item : *c.mutable_seized_items()) {
    if (item.name() == name) return &item;
  }
  return nullptr;
}

void RespondWithItem(const v1::CaseFile& c, const std::string& subject,
                     google::protobuf::Message* out) {
  for (const v1::SeizedItem& item : c.seized_items()) {
    if (item.name() == subject) out->CopyFrom(item);
  }
}

// The item `name` of case `c` as it may still change: found, read at `etag`, in custody.
grpc::Status ItemInCustody(v1::CaseFile& c, const std::string& name, const std::string& etag,
                           v1::SeizedItem** item) {
  *item = FindItem(c, name);
  if (*item == nullptr) return SubResourceNotFound(name);
  if ((*item)->etag() != etag) return StaleEtag("涉案物品", "seized item", (*item)->etag());
  if ((*item)->state() == v1::SeizedItem::STATE_DISPOSED) {
    return NotNow(
        "该物品已处置，不能再修改 / This item has been disposed of and can no longer "
        "change",
        "ITEM_DISPOSED");
  }
  return grpc::Status::OK;
}

grpc::Status MalformedName(const std::string& field, const std::string& form) {
  FieldViolations v;
  v.Add(field, "格式应为 " + form + " / expected " + form);
  return v.ToStatus();
}

}  // namespace

grpc::ServerUnaryReactor* IntakeService::AddSeizedItem(Context* context,
                                                       const v1::AddSeizedItemRequest* request,
                                                       v1::SeizedItem* response) {
  return core::RunUnary(context, executor_, "AddSeizedItem", [=, this] {
    Principal caller = access_.Authenticate(*context);
    if (CaseIdFromName(request->parent()).empty()) {
      return MalformedName("parent", "caseFiles/{id}");
    }
    CaseAct act;
    act.method = "AddSeizedItem";
    act.event_type = v1::CaseEvent::TYPE_SEIZED_ITEM_ADDED;
    act.case_name = request->parent();
    act.takes_etag = false;  // adding a line overwrites nothing
    act.change = [&](v1::CaseFile& c, std::string* subject) {
      v1::SeizedItem item = request->seized_item();
      item.set_quantity(NormalisedQuantity(item.quantity()));
      FieldViolations v;
      ValidateItem(item, c, "seized_item", v);
      if (!v.empty()) return v.ToStatus();
      if (c.seized_items_size() >= kMaxSeizedItems) {
        return NotNow("每案涉案物品不能超过 1000 项 / A case holds at most 1,000 seized items",
                      "LIMIT_REACHED");
      }
      item.set_name(c.name() + "/" + kSeizedItems + "/" +
                    NextSubResourceId("s", c.seized_items_size()));
      item.set_state(v1::SeizedItem::STATE_IN_CUSTODY);
      item.clear_disposal();
      *item.mutable_create_time() = NowTimestamp();
      *item.mutable_update_time() = item.create_time();
      item.set_etag("1");
      *subject = item.name();
      *c.add_seized_items() = std::move(item);
      if (c.state() == v1::CaseFile::STATE_REGISTERED) {
        c.set_state(v1::CaseFile::STATE_UNDER_INVESTIGATION);
      }
      return grpc::Status::OK;
    };
    act.respond = RespondWithItem;
    return ApplyAct(caller, act, *request, request->request_id(), response);
  });
}

grpc::ServerUnaryReactor* IntakeService::UpdateSeizedItem(
    Context* context, const v1::UpdateSeizedItemRequest* request, v1::SeizedItem* response) {
  return core::RunUnary(context, executor_, "UpdateSeizedItem", [=, this] {
    Principal caller = access_.Authenticate(*context);
    const std::string& name = request->seized_item().name();
    auto parsed = ParseSubResourceName(name, kSeizedItems);
    if (!parsed) {
      return MalformedName("seized_item.name", "caseFiles/{id}/seizedItems/{id}");
    }
    CaseAct act;
    act.method = "UpdateSeizedItem";
    act.event_type = v1::CaseEvent::TYPE_SEIZED_ITEM_UPDATED;
    act.case_name = parsed->case_name;
    act.takes_etag = false;  // the item's own etag is checked below
    act.change = [&](v1::CaseFile& c, std::string* subject) {
      FieldViolations v;
      RequireEtag(request->seized_item().etag(), "seized_item.etag", v);
      const auto& mask = request->update_mask();
      if (mask.paths_size() == 0) {
        v.Add("update_mask",
              "须在 update_mask 中列出要修改的字段，如 quantity / list the fields "
              "to change in update_mask, e.g. quantity");
      }
      for (int i = 0; i < mask.paths_size(); ++i) {
        if (std::find(std::begin(kUpdatable), std::end(kUpdatable), mask.paths(i)) ==
            std::end(kUpdatable)) {
          v.Add("update_mask.paths[" + std::to_string(i) + "]",
                "“" + mask.paths(i) + "”不能在此修改；处置请用“记录处置”，其余字段由系统维护 / '" +
                    mask.paths(i) +
                    "' cannot change here: record a disposal with RecordSeizedItemDisposal; "
                    "other fields are kept by the service");
        }
      }
      if (!v.empty()) return v.ToStatus();
      v1::SeizedItem* item = nullptr;
      if (grpc::Status s = ItemInCustody(c, name, request->seized_item().etag(), &item); !s.ok()) {
        return s;
      }
      v1::SeizedItem changed = *item;
      google::protobuf::util::FieldMaskUtil::MergeOptions merge;
      merge.set_replace_repeated_fields(true);
      google::protobuf::util::FieldMaskUtil::MergeMessageTo(request->seized_item(), mask, merge,
                                                            &changed);
      changed.set_quantity(NormalisedQuantity(changed.quantity()));
      ValidateItem(changed, c, "seized_item", v);
      if (!v.empty()) return v.ToStatus();
      changed.set_etag(NextEtag(item->etag()));
      *changed.mutable_update_time() = NowTimestamp();
      *item = std::move(changed);
      *subject = name;
      return grpc::Status::OK;
    };
    act.respond = RespondWithItem;
    return ApplyAct(caller, act, *request, request->request_id(), response);
  });
}

grpc::ServerUnaryReactor* IntakeService::RecordSeizedItemDisposal(
    Context* context, const v1::RecordSeizedItemDisposalRequest* request,
    v1::SeizedItem* response) {
  return core::RunUnary(context, executor_, "RecordSeizedItemDisposal", [=, this] {
    Principal caller = access_.Authenticate(*context);
    auto parsed = ParseSubResourceName(request->name(), kSeizedItems);
    if (!parsed) return MalformedName("name", "caseFiles/{id}/seizedItems/{id}");
    CaseAct act;
    act.method = "RecordSeizedItemDisposal";
    act.event_type = v1::CaseEvent::TYPE_SEIZED_ITEM_DISPOSED;
    act.case_name = parsed->case_name;
    act.takes_etag = false;  // the item's own etag is checked below
    act.change = [&](v1::CaseFile& c, std::string* subject) {
      FieldViolations v;
      RequireEtag(request->etag(), "etag", v);
      if (!v.empty()) return v.ToStatus();
      v1::SeizedItem* item = nullptr;
      if (grpc::Status s = ItemInCustody(c, request->name(), request->etag(), &item); !s.ok()) {
        return s;
      }
      ValidateDisposal(request->disposal(), *item, c, v);
      if (!v.empty()) return v.ToStatus();
      *item->mutable_disposal() = request->disposal();
      *item->mutable_disposal()->mutable_recorded_by() = ActorOf(caller);
      *item->mutable_disposal()->mutable_record_time() = NowTimestamp();
      item->set_state(v1::SeizedItem::STATE_DISPOSED);
      item->set_etag(NextEtag(item->etag()));
      *item->mutable_update_time() = item->disposal().record_time();
      *subject = item->name();
      return grpc::Status::OK;
    };
    act.respond = RespondWithItem;
    return ApplyAct(caller, act, *request, request->request_id(), response);
  });
}

}  // namespace casebridge::intake
