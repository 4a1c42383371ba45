// Seized goods (涉案物品清单), closing a case and the referral service's status reports, through
// the real intake binary: happy paths, every wrong field with nothing written, request_id replay,
// stale etags, permissions, and the rules on flagged cases.
#include "tests/e2e/intake_case_fixture.h"

namespace casebridge {
namespace {

using testing::MakeDate;
using testing::ViolatedFields;

class IntakeSubResourcesE2ETest : public testing::IntakeCaseFixture {
 protected:
  static v1::SeizedItem GoodItem() {
    v1::SeizedItem item;
    item.set_goods_name("运动鞋");
    item.set_brand("NIKE");
    item.set_specification("42 码");
    item.set_quantity("120");
    item.set_unit("双");
    item.set_unit_price_fen(5'000);
    item.set_value_fen(600'000);
    item.set_valuation(v1::SeizedItem::VALUATION_MARKED_PRICE);
    item.set_measure(v1::SeizedItem::MEASURE_DETAINED);
    item.set_measure_document_number("通市监扣〔2026〕3号");
    *item.mutable_seize_time() = HoursAgo(48);
    item.set_storage_location("南通市市场监督管理局涉案物品仓库");
    item.set_custodian("张某");
    item.set_owner_party_id("p1");
    return item;
  }
  static grpc::Status Add(const std::string& user, const std::string& parent,
                          const v1::SeizedItem& item, const std::string& request_id,
                          v1::SeizedItem* out) {
    v1::AddSeizedItemRequest request;
    request.set_request_id(request_id);
    request.set_parent(parent);
    *request.mutable_seized_item() = item;
    return Stub()->AddSeizedItem(As(user).get(), request, out);
  }
  static grpc::Status Dispose(const std::string& user, const v1::SeizedItem& item,
                              const v1::SeizedItemDisposal& disposal, const std::string& request_id,
                              v1::SeizedItem* out) {
    v1::RecordSeizedItemDisposalRequest request;
    request.set_request_id(request_id);
    request.set_name(item.name());
    request.set_etag(item.etag());
    *request.mutable_disposal() = disposal;
    return Stub()->RecordSeizedItemDisposal(As(user).get(), request, out);
  }
  static v1::SeizedItemDisposal Destroyed() {
    v1::SeizedItemDisposal d;
    d.set_kind(v1::SeizedItemDisposal::KIND_DESTROYED_HARMLESSLY);
    *d.mutable_dispose_time() = HoursAgo(1);
    d.set_destroying_unit("南通市某环保科技有限公司");
    d.set_destruction_method("粉碎后焚烧");
    return d;
  }
  static v1::SeizedItemDisposal Returned() {
    v1::SeizedItemDisposal d;
    d.set_kind(v1::SeizedItemDisposal::KIND_RETURNED);
    *d.mutable_dispose_time() = HoursAgo(1);
    d.set_recipient_name("王某");
    return d;
  }
  static v1::CloseCaseFileRequest Closing(const v1::CaseFile& c, const std::string& request_id) {
    v1::CloseCaseFileRequest request;
    request.set_request_id(request_id);
    request.set_name(c.name());
    request.set_etag(c.etag());
    request.mutable_closure()->set_reason(v1::CaseClosure::REASON_FACTS_NOT_ESTABLISHED);
    request.mutable_closure()->set_note("经调查，违法事实不能成立");
    *request.mutable_closure()->mutable_close_date() = MakeDate(2026, 4, 1);
    return request;
  }
};

TEST_F(IntakeSubResourcesE2ETest, SeizedItemIsAddedCorrectedAndDisposed) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕S1号", kNotMet);
  ASSERT_EQ(c.state(), v1::CaseFile::STATE_REGISTERED);
  v1::SeizedItem item = GoodItem();
  item.set_quantity(" １２０ ");  // full-width digits from an input method
  v1::SeizedItem added;
  grpc::Status status = Add("nt.officer", c.name(), item, "s1-add", &added);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(added.name(), c.name() + "/seizedItems/s1");
  EXPECT_EQ(added.quantity(), "120");
  EXPECT_EQ(added.state(), v1::SeizedItem::STATE_IN_CUSTODY);
  EXPECT_EQ(added.etag(), "1");
  EXPECT_EQ(Get(c.name()).state(), v1::CaseFile::STATE_UNDER_INVESTIGATION);  // first item
  AwaitEvent(c.name(), v1::CaseEvent::TYPE_SEIZED_ITEM_ADDED, added.name());

  v1::UpdateSeizedItemRequest update;
  update.set_request_id("s1-update");
  *update.mutable_seized_item() = added;
  update.mutable_seized_item()->set_quantity("100");
  update.mutable_seized_item()->set_storage_location("南通市某仓储中心 3 号库");
  update.mutable_update_mask()->add_paths("quantity");
  update.mutable_update_mask()->add_paths("storage_location");
  v1::SeizedItem updated;
  status = Stub()->UpdateSeizedItem(As("nt.officer2").get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.quantity(), "100");
  EXPECT_EQ(updated.storage_location(), "南通市某仓储中心 3 号库");
  EXPECT_EQ(updated.goods_name(), "运动鞋");
  EXPECT_EQ(updated.etag(), "2");
  AwaitEvent(c.name(), v1::CaseEvent::TYPE_SEIZED_ITEM_UPDATED, added.name());

  v1::SeizedItem disposed;
  status = Dispose("nt.officer", updated, Destroyed(), "s1-destroy", &disposed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(disposed.state(), v1::SeizedItem::STATE_DISPOSED);
  EXPECT_EQ(disposed.disposal().destroying_unit(), "南通市某环保科技有限公司");
  EXPECT_EQ(disposed.disposal().recorded_by().user(), "users/nt.officer");
  EXPECT_EQ(disposed.etag(), "3");
  const v1::CaseEvent event =
      AwaitEvent(c.name(), v1::CaseEvent::TYPE_SEIZED_ITEM_DISPOSED, added.name());
  EXPECT_EQ(event.snapshot().seized_items(0).state(), v1::SeizedItem::STATE_DISPOSED);

  // A disposed item no longer changes.
  update.set_request_id("s1-update-after");
  *update.mutable_seized_item() = disposed;
  EXPECT_EQ(Stub()->UpdateSeizedItem(As("nt.officer").get(), update, &updated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(IntakeSubResourcesE2ETest, SeizedItemBadInputNamesEveryFieldAndWritesNothing) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕S2号", kNotMet);
  const testing::Written before = WrittenFor(c.name());
  v1::SeizedItem bad = GoodItem();
  bad.clear_goods_name();
  bad.set_quantity("0");
  bad.clear_unit();
  bad.set_unit_price_fen(-1);
  bad.set_value_fen(-600);
  bad.set_valuation(v1::SeizedItem::VALUATION_UNSPECIFIED);
  bad.set_measure(v1::SeizedItem::MEASURE_UNSPECIFIED);
  bad.clear_seize_time();
  bad.clear_storage_location();
  bad.add_inspection_documents(c.name() + "/documents/none");
  bad.set_owner_party_id("p9");
  v1::SeizedItem out;
  grpc::Status status = Add("nt.officer", c.name(), bad, "s2-bad", &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::set<std::string>{
                "seized_item.goods_name", "seized_item.quantity", "seized_item.unit",
                "seized_item.unit_price_fen", "seized_item.value_fen", "seized_item.valuation",
                "seized_item.measure", "seized_item.seize_time", "seized_item.storage_location",
                "seized_item.inspection_documents[0]", "seized_item.owner_party_id"}))
      << status.error_message();
  // A seizure needs its decision number; quantities are positive decimals in digits.
  v1::SeizedItem undocumented = GoodItem();
  undocumented.clear_measure_document_number();
  EXPECT_EQ(ViolatedFields(Add("nt.officer", c.name(), undocumented, "s2-doc", &out)),
            std::set<std::string>{"seized_item.measure_document_number"});
  for (const char* quantity : {"-3", "1,200", "十二", "0.000", "12.5kg", ""}) {
    v1::SeizedItem item = GoodItem();
    item.set_quantity(quantity);
    EXPECT_EQ(ViolatedFields(Add("nt.officer", c.name(), item, "s2-q", &out)),
              std::set<std::string>{"seized_item.quantity"})
        << quantity;
  }
  EXPECT_EQ(WrittenFor(c.name()), before);

  // Corrections and disposals likewise.
  v1::SeizedItem added;
  ASSERT_TRUE(Add("nt.officer", c.name(), GoodItem(), "s2-add", &added).ok());
  const testing::Written after_add = WrittenFor(c.name());
  v1::UpdateSeizedItemRequest update;
  update.set_request_id("s2-update");
  *update.mutable_seized_item() = added;
  update.mutable_seized_item()->clear_etag();
  update.mutable_update_mask()->add_paths("state");
  update.mutable_update_mask()->add_paths("colour");
  status = Stub()->UpdateSeizedItem(As("nt.officer").get(), update, &out);
  EXPECT_EQ(
      ViolatedFields(status),
      (std::set<std::string>{"seized_item.etag", "update_mask.paths[0]", "update_mask.paths[1]"}))
      << status.error_message();
  update.mutable_seized_item()->set_etag(added.etag());
  update.mutable_seized_item()->set_quantity("-1");
  update.clear_update_mask();
  update.mutable_update_mask()->add_paths("quantity");
  EXPECT_EQ(ViolatedFields(Stub()->UpdateSeizedItem(As("nt.officer").get(), update, &out)),
            std::set<std::string>{"seized_item.quantity"});

  v1::SeizedItemDisposal destroyed = Destroyed();
  destroyed.clear_destroying_unit();
  destroyed.clear_dispose_time();
  destroyed.set_recipient_organisation("organisations/nt-psb");
  status = Dispose("nt.officer", added, destroyed, "s2-destroy", &out);
  EXPECT_EQ(ViolatedFields(status),
            (std::set<std::string>{"disposal.destroying_unit", "disposal.dispose_time",
                                   "disposal.recipient_organisation"}))
      << status.error_message();
  v1::SeizedItemDisposal handed;
  handed.set_kind(v1::SeizedItemDisposal::KIND_HANDED_OVER);
  *handed.mutable_dispose_time() = HoursAgo(72);  // before the seizure
  handed.set_referral("r1");
  status = Dispose("nt.officer", added, handed, "s2-hand", &out);
  EXPECT_EQ(ViolatedFields(status),
            (std::set<std::string>{"disposal.dispose_time", "disposal.recipient_name",
                                   "disposal.referral"}))
      << status.error_message();
  v1::SeizedItemDisposal other;
  other.set_kind(v1::SeizedItemDisposal::KIND_OTHER);
  *other.mutable_dispose_time() = HoursAgo(1);
  EXPECT_EQ(ViolatedFields(Dispose("nt.officer", added, other, "s2-other", &out)),
            std::set<std::string>{"disposal.note"});
  EXPECT_EQ(WrittenFor(c.name()), after_add);
}

TEST_F(IntakeSubResourcesE2ETest, SeizedItemRetriesEtagsAndPermissions) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕S3号", kNotMet);
  v1::SeizedItem first, again;
  ASSERT_TRUE(Add("nt.officer", c.name(), GoodItem(), "s3-add", &first).ok());
  ASSERT_TRUE(Add("nt.officer", c.name(), GoodItem(), "s3-add", &again).ok());
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_EQ(Get(c.name()).seized_items_size(), 1);
  EXPECT_EQ(AuditRows(c.name(), "intake.AddSeizedItem"), 1);

  v1::UpdateSeizedItemRequest update;
  update.set_request_id("s3-update");
  *update.mutable_seized_item() = first;
  update.mutable_seized_item()->set_note("包装完好");
  update.mutable_update_mask()->add_paths("note");
  v1::SeizedItem updated, out;
  ASSERT_TRUE(Stub()->UpdateSeizedItem(As("nt.officer").get(), update, &updated).ok());
  ASSERT_TRUE(Stub()->UpdateSeizedItem(As("nt.officer").get(), update, &out).ok());  // replay
  EXPECT_EQ(AuditRows(c.name(), "intake.UpdateSeizedItem"), 1);
  // The item's etag, not the case's, guards the item: the first read is stale now.
  update.set_request_id("s3-update-stale");
  EXPECT_EQ(Stub()->UpdateSeizedItem(As("nt.officer").get(), update, &out).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(Dispose("nt.officer", first, Destroyed(), "s3-destroy-stale", &out).error_code(),
            grpc::StatusCode::ABORTED);
  // Another item's change does not make this one stale.
  v1::SeizedItem second;
  ASSERT_TRUE(Add("nt.officer", c.name(), GoodItem(), "s3-add-2", &second).ok());
  EXPECT_EQ(second.name(), c.name() + "/seizedItems/s2");
  ASSERT_TRUE(Dispose("nt.officer", updated, Destroyed(), "s3-destroy", &out).ok());
  ASSERT_TRUE(Dispose("nt.officer", updated, Destroyed(), "s3-destroy", &out).ok());  // replay
  EXPECT_EQ(AuditRows(c.name(), "intake.RecordSeizedItemDisposal"), 1);

  // Another agency's officer changes nothing, and the refusal is audited.
  const testing::Written before = WrittenFor(c.name());
  EXPECT_EQ(Add("sz.officer", c.name(), GoodItem(), "s3-sz-add", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  update.set_request_id("s3-sz-update");
  *update.mutable_seized_item() = second;
  EXPECT_EQ(Stub()->UpdateSeizedItem(As("sz.officer").get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Dispose("sz.officer", second, Destroyed(), "s3-sz-destroy", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(WrittenFor(c.name()), before);
  for (const char* method : {"AddSeizedItem", "UpdateSeizedItem", "RecordSeizedItemDisposal"}) {
    EXPECT_EQ(AuditRows(c.name(), std::string("denied:intake.") + method), 1) << method;
  }
}

TEST_F(IntakeSubResourcesE2ETest, DestroyingOrReturningGoodsOfAFlaggedCaseNeedsJustification) {
  for (int64_t amount : {kMet, kNear}) {
    const v1::CaseFile c = NewCase("通市监立〔2026〕S4-" + std::to_string(amount) + "号", amount);
    ASSERT_TRUE(c.flagged());
    v1::SeizedItem a, b, kept, out;
    ASSERT_TRUE(Add("nt.officer", c.name(), GoodItem(), "s4-a-" + c.name(), &a).ok());
    ASSERT_TRUE(Add("nt.officer", c.name(), GoodItem(), "s4-b-" + c.name(), &b).ok());
    ASSERT_TRUE(Add("nt.officer", c.name(), GoodItem(), "s4-c-" + c.name(), &kept).ok());
    const testing::Written before = WrittenFor(c.name());
    for (const auto& disposal : {Destroyed(), Returned()}) {
      grpc::Status status = Dispose("nt.officer", a, disposal,
                                    "s4-no-" + std::to_string(disposal.kind()) + c.name(), &out);
      EXPECT_EQ(ViolatedFields(status),
                std::set<std::string>{"disposal.justification_when_threshold_met"})
          << status.error_message();
    }
    EXPECT_EQ(WrittenFor(c.name()), before);
    v1::SeizedItemDisposal justified = Returned();
    justified.set_justification_when_threshold_met("经权利人鉴别为正品，依法解除扣押并退还");
    ASSERT_TRUE(Dispose("nt.officer", a, justified, "s4-yes-" + c.name(), &out).ok());
    EXPECT_EQ(out.disposal().justification_when_threshold_met(),
              justified.justification_when_threshold_met());
    // Keeping goods as evidence needs no explanation.
    v1::SeizedItemDisposal keep;
    keep.set_kind(v1::SeizedItemDisposal::KIND_KEPT);
    *keep.mutable_dispose_time() = HoursAgo(1);
    EXPECT_TRUE(Dispose("nt.officer", kept, keep, "s4-keep-" + c.name(), &out).ok());
    // Once the police have filed the referral, destruction is theirs to answer for.
    v1::CaseFile referred;
    ASSERT_TRUE(
        Report("referral", c.name(), v1::ReferralLink::STAGE_FILED_BY_POLICE, 1, &referred).ok());
    EXPECT_TRUE(Dispose("nt.officer", b, Destroyed(), "s4-filed-" + c.name(), &out).ok());
  }
}

TEST_F(IntakeSubResourcesE2ETest, CloseCaseFileWithReasonsAndTheThresholdRule) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕S5号", kNotMet);
  const testing::Written before = WrittenFor(c.name());
  v1::CloseCaseFileRequest bad = Closing(c, "s5-bad");
  bad.mutable_closure()->set_reason(v1::CaseClosure::REASON_OTHER);
  bad.mutable_closure()->clear_note();
  bad.mutable_closure()->clear_close_date();
  v1::CaseFile out;
  grpc::Status status = Stub()->CloseCaseFile(As("nt.officer").get(), bad, &out);
  EXPECT_EQ(ViolatedFields(status), (std::set<std::string>{"closure.note", "closure.close_date"}))
      << status.error_message();
  bad.mutable_closure()->set_reason(v1::CaseClosure::REASON_REFERRED_AND_FILED);
  *bad.mutable_closure()->mutable_close_date() = MakeDate(2026, 2, 1);  // before registration
  status = Stub()->CloseCaseFile(As("nt.officer").get(), bad, &out);
  EXPECT_EQ(ViolatedFields(status), (std::set<std::string>{"closure.reason", "closure.close_date"}))
      << status.error_message();
  EXPECT_EQ(Stub()->CloseCaseFile(As("sz.officer").get(), Closing(c, "s5-sz"), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(AuditRows(c.name(), "denied:intake.CloseCaseFile"), 1);
  v1::CloseCaseFileRequest stale = Closing(c, "s5-stale");
  stale.set_etag("999");
  EXPECT_EQ(Stub()->CloseCaseFile(As("nt.officer").get(), stale, &out).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(WrittenFor(c.name()), before);

  v1::CaseFile closed, replayed;
  ASSERT_TRUE(Stub()->CloseCaseFile(As("nt.officer").get(), Closing(c, "s5"), &closed).ok());
  ASSERT_TRUE(Stub()->CloseCaseFile(As("nt.officer").get(), Closing(c, "s5"), &replayed).ok());
  EXPECT_EQ(closed.SerializeAsString(), replayed.SerializeAsString());
  EXPECT_EQ(AuditRows(c.name(), "intake.CloseCaseFile"), 1);
  EXPECT_EQ(closed.state(), v1::CaseFile::STATE_CLOSED);
  EXPECT_EQ(closed.closure().closed_by().user(), "users/nt.officer");
  AwaitEvent(c.name(), v1::CaseEvent::TYPE_CASE_CLOSED, "");
  v1::SeizedItem item;
  EXPECT_EQ(Add("nt.officer", c.name(), GoodItem(), "s5-late", &item).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // 有案不移: a case meeting the threshold closes without referral only with a justification.
  const v1::CaseFile met = NewCase("通市监立〔2026〕S6号", kMet);
  status = Stub()->CloseCaseFile(As("nt.officer").get(), Closing(met, "s6-no"), &out);
  EXPECT_EQ(ViolatedFields(status),
            std::set<std::string>{"closure.justification_when_threshold_met"});
  v1::CloseCaseFileRequest justified = Closing(met, "s6-yes");
  justified.mutable_closure()->set_justification_when_threshold_met(
      "经补充调查，商品系权利人授权生产，违法事实不能成立");
  EXPECT_TRUE(Stub()->CloseCaseFile(As("nt.officer").get(), justified, &out).ok());
}

TEST_F(IntakeSubResourcesE2ETest, ReferralStatusMovesTheCaseAndComesOnlyFromTheReferralService) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕S7号", kMet);
  const testing::Written before = WrittenFor(c.name());
  v1::CaseFile out;
  // An officer's token is not the referral service, nor is another service's certificate.
  v1::RecordReferralStatusRequest request;
  request.set_request_id("s7-officer");
  request.set_name(c.name());
  request.mutable_link()->set_referral("referrals/r1");
  request.mutable_link()->set_stage(v1::ReferralLink::STAGE_WITH_POLICE);
  request.mutable_link()->set_referral_sequence(1);
  *request.mutable_link()->mutable_stage_time() = HoursAgo(1);
  EXPECT_EQ(Stub()->RecordReferralStatus(As("nt.officer").get(), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Report("review", c.name(), v1::ReferralLink::STAGE_WITH_POLICE, 1, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(AuditRows(c.name(), "denied:intake.RecordReferralStatus"), 2);
  // Every wrong field of a report.
  request.set_request_id("s7-bad");
  request.mutable_link()->set_referral("r1");
  request.mutable_link()->set_stage(v1::ReferralLink::STAGE_UNSPECIFIED);
  request.mutable_link()->set_referral_sequence(0);
  request.mutable_link()->clear_stage_time();
  grpc::ClientContext context;
  grpc::Status status = PeerStub("referral")->RecordReferralStatus(&context, request, &out);
  EXPECT_EQ(ViolatedFields(status),
            (std::set<std::string>{"link.referral", "link.stage", "link.referral_sequence",
                                   "link.stage_time"}))
      << status.error_message();
  EXPECT_EQ(WrittenFor(c.name()), before);

  ASSERT_TRUE(Report("referral", c.name(), v1::ReferralLink::STAGE_WITH_POLICE, 5, &out).ok());
  EXPECT_EQ(out.state(), v1::CaseFile::STATE_REFERRED);
  ASSERT_EQ(out.referrals_size(), 1);
  EXPECT_EQ(out.referrals(0).referral_sequence(), 5);
  ASSERT_TRUE(Report("referral", c.name(), v1::ReferralLink::STAGE_WITH_POLICE, 5, &out).ok());
  EXPECT_EQ(AuditRows(c.name(), "intake.RecordReferralStatus"), 1);  // the retry was replayed
  const v1::CaseEvent event = AwaitEvent(c.name(), v1::CaseEvent::TYPE_REFERRAL_STATUS_CHANGED,
                                         "referrals/r-" + IdOf(c.name()));
  EXPECT_EQ(event.header().actor().user(), "users/system");

  ASSERT_TRUE(
      Report("referral", c.name(), v1::ReferralLink::STAGE_DECLINED_BY_POLICE, 9, &out).ok());
  EXPECT_EQ(out.state(), v1::CaseFile::STATE_UNDER_INVESTIGATION);  // 310号 art. 10
  // A report older than the stored one is ignored: nothing changes, nothing is written.
  const testing::Written declined = WrittenFor(c.name());
  ASSERT_TRUE(Report("referral", c.name(), v1::ReferralLink::STAGE_WITH_POLICE, 7, &out).ok());
  EXPECT_EQ(out.state(), v1::CaseFile::STATE_UNDER_INVESTIGATION);
  EXPECT_EQ(out.referrals(0).stage(), v1::ReferralLink::STAGE_DECLINED_BY_POLICE);
  EXPECT_EQ(WrittenFor(c.name()), declined);

  // A closed case is reopened when the police transfer it back (310号 art. 13).
  v1::CloseCaseFileRequest close = Closing(out, "s7-close");
  close.mutable_closure()->set_justification_when_threshold_met("公安机关不予立案");
  v1::CaseFile closed;
  ASSERT_TRUE(Stub()->CloseCaseFile(As("nt.officer").get(), close, &closed).ok());
  ASSERT_TRUE(
      Report("referral", c.name(), v1::ReferralLink::STAGE_REVERSE_TRANSFERRED, 12, &out).ok());
  EXPECT_EQ(out.state(), v1::CaseFile::STATE_UNDER_INVESTIGATION);
  EXPECT_FALSE(out.has_closure());
}

}  // namespace
}  // namespace casebridge
