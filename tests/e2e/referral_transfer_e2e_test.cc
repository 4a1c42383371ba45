// Referral documents, the transfer (国务院令第310号第五条、第六条) and the receipt (第七条) through
// the real binaries: uploads hashed and downloaded in chunks, case documents copied with their
// digests, the generated 移送书, 涉案物品清单 and 回执 read back with pdftotext, and a receipt
// refused unless the police echo exactly what was sent.
#include <regex>
#include <tuple>
#include <utility>

#include "tests/e2e/referral_fixture.h"
#include "tests/harness/pdf_text.h"

namespace casebridge::testing {
namespace {

using Material = v1::Referral::Material;
constexpr size_t kMiB = 1024 * 1024;

// The google.rpc.ErrorInfo reason of a status.
std::string ErrorReason(const grpc::Status& status) {
  google::rpc::Status rich;
  rich.ParseFromString(status.error_details());
  for (const auto& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.reason();
  }
  return "";
}

// The subjects of a status's google.rpc.PreconditionFailure, in order.
std::vector<std::string> FailedSubjects(const grpc::Status& status) {
  google::rpc::Status rich;
  rich.ParseFromString(status.error_details());
  std::vector<std::string> subjects;
  for (const auto& detail : rich.details()) {
    google::rpc::PreconditionFailure failure;
    if (!detail.UnpackTo(&failure)) continue;
    for (const auto& v : failure.violations()) subjects.push_back(v.subject());
  }
  return subjects;
}

class ReferralTransferE2ETest : public ReferralFixture {
 protected:
  static v1::UploadReferralDocumentMetadata Metadata(const std::string& request_id,
                                                     const std::string& parent,
                                                     v1::ReferralDocument::Kind kind,
                                                     const std::string& file_name,
                                                     const std::string& content) {
    v1::UploadReferralDocumentMetadata m;
    m.set_request_id(request_id);
    m.set_parent(parent);
    m.mutable_document()->set_kind(kind);
    m.mutable_document()->set_title("现场检查照片");
    m.mutable_document()->mutable_content()->set_file_name(file_name);
    m.mutable_document()->mutable_content()->set_media_type("application/pdf");
    m.set_size_bytes(static_cast<int64_t>(content.size()));
    m.set_sha256_hex(core::Sha256Hex(content));
    return m;
  }
  // Sends the metadata, then `content` in chunks of `chunk` bytes, as `user`.
  static grpc::Status Upload(const std::string& user, const v1::UploadReferralDocumentMetadata& m,
                             const std::string& content, v1::ReferralDocument* out,
                             size_t chunk = kMiB) {
    auto context = As(user);
    auto writer = referrals_->UploadReferralDocument(context.get(), out);
    v1::UploadReferralDocumentRequest message;
    *message.mutable_metadata() = m;
    bool open = writer->Write(message);
    for (size_t at = 0; open && at < content.size(); at += chunk) {
      message.set_chunk(content.substr(at, chunk));
      open = writer->Write(message);
    }
    if (open) writer->WritesDone();
    return writer->Finish();
  }
  static v1::ReferralDocument Uploaded(const std::string& user,
                                       const v1::UploadReferralDocumentMetadata& m,
                                       const std::string& content) {
    v1::ReferralDocument d;
    grpc::Status s = Upload(user, m, content, &d);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return d;
  }

  struct Download {
    grpc::Status status;
    v1::ReferralDocument document;
    std::string content;
    int chunks = 0;
    size_t largest_chunk = 0;
  };
  static Download Fetch(const std::string& user, const std::string& name) {
    Download d;
    auto context = As(user);
    v1::DownloadReferralDocumentRequest request;
    request.set_name(name);
    auto reader = referrals_->DownloadReferralDocument(context.get(), request);
    v1::DownloadReferralDocumentResponse message;
    bool first = true;
    while (reader->Read(&message)) {
      if (std::exchange(first, false)) {
        EXPECT_TRUE(message.has_document()) << "the first message carries the metadata";
        d.document = message.document();
        continue;
      }
      ++d.chunks;
      d.largest_chunk = std::max(d.largest_chunk, message.chunk().size());
      d.content += message.chunk();
    }
    d.status = reader->Finish();
    EXPECT_TRUE(d.status.ok()) << name << ": " << d.status.error_message();
    EXPECT_EQ(core::Sha256Hex(d.content), d.document.content().sha256_hex()) << name;
    return d;
  }
  static std::vector<std::string> List(const std::string& user, const std::string& parent,
                                       const std::string& filter, grpc::Status* status = nullptr) {
    v1::ListReferralDocumentsRequest request;
    request.set_parent(parent);
    request.set_filter(filter);
    v1::ListReferralDocumentsResponse response;
    grpc::Status s = referrals_->ListReferralDocuments(As(user).get(), request, &response);
    if (status != nullptr) *status = s;
    std::vector<std::string> names;
    for (const auto& d : response.documents()) names.push_back(d.name());
    return names;
  }

  // An inspection report uploaded to the case through intake by nt.officer.
  static v1::CaseDocument CaseInspectionReport(const v1::CaseFile& c, const std::string& bytes) {
    v1::UploadDocumentRequest message;
    v1::UploadDocumentMetadata& m = *message.mutable_metadata();
    m.set_request_id("inspection-" + c.case_number());
    m.set_parent(c.name());
    m.mutable_document()->set_kind(v1::CaseDocument::KIND_INSPECTION_REPORT);
    m.mutable_document()->set_title("检验报告 苏质检〔2026〕031号");
    m.mutable_document()->set_issuer("江苏省产品质量监督检验研究院");
    *m.mutable_document()->mutable_issue_date() = MakeDate(2026, 3, 20);
    m.mutable_document()->mutable_content()->set_file_name("检验报告-2026-031.pdf");
    m.mutable_document()->mutable_content()->set_media_type("application/pdf");
    m.set_size_bytes(static_cast<int64_t>(bytes.size()));
    v1::CaseDocument stored;
    auto context = As("nt.officer");
    auto writer = Stub()->UploadDocument(context.get(), &stored);
    EXPECT_TRUE(writer->Write(message));
    message.set_chunk(bytes);
    EXPECT_TRUE(writer->Write(message));
    writer->WritesDone();
    grpc::Status s = writer->Finish();
    EXPECT_TRUE(s.ok()) << s.error_message();
    return stored;
  }

  static v1::ReceiveReferralRequest EchoAll(const v1::Referral& sent,
                                            const std::string& request_id) {
    auto request = On<v1::ReceiveReferralRequest>(sent, request_id);
    request.add_received_digests()->set_sha256_hex(sent.case_snapshot().sha256_hex());
    for (const Material& m : sent.transfer().materials()) {
      auto* digest = request.add_received_digests();
      digest->set_document(m.document().name());
      digest->set_sha256_hex(m.document().sha256_hex());
    }
    return request;
  }
};

void ExpectContains(const std::string& text, const std::vector<std::string>& expected) {
  for (const std::string& e : expected) {
    EXPECT_NE(text.find(e), std::string::npos) << "missing " << e << " in\n" << text;
  }
}

// 2.5 MiB uploaded in 1 MiB chunks is stored with the SHA-256 computed on arrival, announced by one
// DOCUMENT_ADDED event without touching the referral's etag, listed, and read back chunk by chunk.
TEST_F(ReferralTransferE2ETest, UploadIsHashedListedAndDownloadedInChunks) {
  const v1::Referral r = Draft("通市监立〔2026〕601号");
  const std::string scan = core::RandomBytes(5 * kMiB / 2);
  const auto m = Metadata("scan-601", r.name(), v1::ReferralDocument::KIND_OTHER_MATERIAL,
                          "现场照片.pdf", scan);
  const Written before = WrittenFor(r);
  const v1::ReferralDocument d = Uploaded("nt.officer", m, scan);
  EXPECT_EQ(d.name().rfind(r.name() + "/documents/", 0), 0u) << d.name();
  EXPECT_EQ(d.content().name(), d.name());
  EXPECT_EQ(d.content().sha256_hex(), core::Sha256Hex(scan));
  EXPECT_EQ(d.content().size_bytes(), static_cast<int64_t>(scan.size()));
  EXPECT_EQ(d.content().uploaded_by().user(), "users/nt.officer");
  EXPECT_FALSE(d.generated());
  EXPECT_EQ(WrittenFor(r), (Written{before.version, before.events + 1, before.audit + 1}));
  const v1::ReferralEvent event = LastEvent(r);
  EXPECT_EQ(event.type(), v1::ReferralEvent::TYPE_DOCUMENT_ADDED);
  EXPECT_EQ(event.subject(), d.name());
  EXPECT_EQ(Read(r.name()).etag(), r.etag());

  // The same request_id again answers the same document and stores nothing.
  v1::ReferralDocument again = Uploaded("nt.officer", m, scan);
  EXPECT_EQ(again.SerializeAsString(), d.SerializeAsString());
  EXPECT_EQ(WrittenFor(r), (Written{before.version, before.events + 1, before.audit + 1}));

  v1::GetReferralDocumentRequest get;
  get.set_name(d.name());
  v1::ReferralDocument read;
  ASSERT_TRUE(referrals_->GetReferralDocument(As("nt.procurator").get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), d.SerializeAsString());
  EXPECT_EQ(List("nt.procurator", r.name(), ""), std::vector<std::string>{d.name()});
  EXPECT_EQ(List("nt.officer", r.name(), "kind=OTHER_MATERIAL AND generated=false"),
            std::vector<std::string>{d.name()});
  EXPECT_TRUE(List("nt.officer", r.name(), "generated=true").empty());
  grpc::Status s;
  List("nt.officer", r.name(), "kind=NOTHING", &s);
  EXPECT_EQ(ViolatedFields(s), std::set<std::string>{"filter"});

  const Download down = Fetch("nt.procurator", d.name());
  EXPECT_EQ(down.document.SerializeAsString(), d.SerializeAsString());
  EXPECT_EQ(down.chunks, 3);
  EXPECT_LE(down.largest_chunk, kMiB);
  EXPECT_TRUE(down.content == scan) << "downloaded bytes differ from the upload";
}

// A wrong digest, an oversized file and bad metadata are refused naming every field, storing
// nothing; strangers are refused and audited; a referral that is over takes no documents.
TEST_F(ReferralTransferE2ETest, UploadsAreRefusedWithReasons) {
  const v1::Referral r = Draft("通市监立〔2026〕602号");
  const std::string bytes = "%PDF-1.4 照片 %%EOF";
  const Written before = WrittenFor(r);
  v1::ReferralDocument out;

  auto damaged =
      Metadata("bad-602-1", r.name(), v1::ReferralDocument::KIND_OTHER_MATERIAL, "照片.pdf", bytes);
  damaged.set_sha256_hex(core::Sha256Hex("something else"));
  grpc::Status s = Upload("nt.officer", damaged, bytes, &out);
  EXPECT_EQ(ViolatedFields(s), std::set<std::string>{"metadata.sha256_hex"}) << s.error_message();

  // The default limit is 20 MiB: a larger file is refused from its metadata, before any byte.
  auto large = Metadata("bad-602-2", r.name(), v1::ReferralDocument::KIND_OTHER_MATERIAL,
                        "扫描件.pdf", bytes);
  large.set_size_bytes(20 * static_cast<int64_t>(kMiB) + 1);
  s = Upload("nt.officer", large, "", &out);
  EXPECT_EQ(ViolatedFields(s), std::set<std::string>{"metadata.size_bytes"}) << s.error_message();
  EXPECT_NE(s.error_message().find("20.0 MB"), std::string::npos) << s.error_message();

  auto wrong =
      Metadata("bad-602-3", r.name(), v1::ReferralDocument::KIND_REFERRAL_LETTER, "a/b.pdf", bytes);
  wrong.mutable_document()->set_title("");
  wrong.mutable_document()->mutable_content()->set_media_type("text/html");
  s = Upload("nt.officer", wrong, bytes, &out);
  EXPECT_EQ(ViolatedFields(s),
            (std::set<std::string>{"metadata.document.kind", "metadata.document.title",
                                   "metadata.document.content.file_name",
                                   "metadata.document.content.media_type"}))
      << s.error_message();
  EXPECT_EQ(WrittenFor(r), before);
  EXPECT_EQ(Count("SELECT count(*) FROM referral.referral_document_contents WHERE referral_id = '" +
                  Id(r) + "'"),
            0);

  // Another agency's officer, and police the referral was never sent to.
  const int64_t denials = Denials(r, "UploadReferralDocument");
  for (const std::string user : {"sz.officer", "nt.receiver"}) {
    auto m = Metadata("stranger-602-" + user, r.name(), v1::ReferralDocument::KIND_OTHER, "x.pdf",
                      bytes);
    s = Upload(user, m, bytes, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << user << s.error_message();
  }
  EXPECT_EQ(Denials(r, "UploadReferralDocument"), denials + 2);

  auto withdraw = On<v1::WithdrawReferralRequest>(r, "withdraw-602");
  withdraw.set_reasons("当事人已另案处理");
  const v1::Referral withdrawn = Do(&ReferralStub::WithdrawReferral, "nt.officer", withdraw);
  const Written over = WrittenFor(withdrawn);
  s = Upload("nt.officer",
             Metadata("late-602", r.name(), v1::ReferralDocument::KIND_OTHER, "x.pdf", bytes),
             bytes, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ErrorMetadata(s, "state"), "WITHDRAWN");
  EXPECT_EQ(WrittenFor(withdrawn), over);
}

// The transfer copies the case's inspection report from intake as the officer, renders ① and ③,
// records every material with its digest in order, and the PDFs say what was sent.
TEST_F(ReferralTransferE2ETest, TransferCopiesCaseDocumentsAndRecordsEveryDigest) {
  const v1::CaseFile c = CaseWithGoods("通市监立〔2026〕603号");
  const std::string inspection_bytes = "%PDF-1.4 检验报告 苏质检〔2026〕031号 %%EOF";
  const v1::CaseDocument inspection = CaseInspectionReport(c, inspection_bytes);
  const v1::Referral draft = Refer(Get(c.name()));
  const std::string photo_bytes = "%PDF-1.4 现场照片 %%EOF";
  const v1::ReferralDocument photo =
      Uploaded("nt.officer",
               Metadata("photo-603", draft.name(), v1::ReferralDocument::KIND_OTHER_MATERIAL,
                        "照片.pdf", photo_bytes),
               photo_bytes);
  const v1::Referral approved = Approved(Reported(draft));
  ASSERT_EQ(approved.state(), v1::Referral::STATE_APPROVED);
  const Written before = WrittenFor(approved);

  // Without ④ and without a reason (310号 art. 6), and with the police not named as such.
  auto bad = On<v1::TransferReferralRequest>(approved, "transfer-603-bad");
  bad.set_police("nt-psb");
  v1::Referral out;
  grpc::Status s = Call(&ReferralStub::TransferReferral, "nt.officer", bad, &out);
  EXPECT_EQ(ViolatedFields(s), (std::set<std::string>{"police", "no_inspection_reason"}))
      << s.error_message();
  // Not a police organisation; a police outside the agency's level without a jurisdiction note
  // (art. 5); a document of another case.
  auto good = On<v1::TransferReferralRequest>(approved, "transfer-603");
  good.add_inspection_reports(inspection.name());
  good.add_other_materials(photo.name());
  good.set_note("涉案物品另行移交");
  for (const auto& [police, document, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"organisations/nt-procuratorate", inspection.name(), "police"},
           {"organisations/cc-psb", inspection.name(), "jurisdiction_note"},
           {"organisations/nt-psb", "caseFiles/other/documents/x1", "inspection_reports[0]"}}) {
    auto request = good;
    request.set_request_id("transfer-603-" + field);
    request.set_police(police);
    request.set_inspection_reports(0, document);
    s = Call(&ReferralStub::TransferReferral, "nt.officer", request, &out);
    EXPECT_EQ(ViolatedFields(s), std::set<std::string>{field}) << s.error_message();
  }
  EXPECT_EQ(WrittenFor(approved), before);

  good.set_police("organisations/nt-psb");
  v1::Referral answered;
  s = Call(&ReferralStub::TransferReferral, "nt.officer", good, &answered);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::Referral sent = Read(approved.name());
  EXPECT_EQ(sent.state(), v1::Referral::STATE_TRANSFERRED);
  EXPECT_EQ(LastEvent(sent).type(), v1::ReferralEvent::TYPE_TRANSFERRED);
  EXPECT_EQ(Clock(sent, v1::Deadline::KIND_TRANSFER).clock().state(),
            v1::StatutoryClock::STATE_MET);
  const v1::Referral::Transfer& t = sent.transfer();
  EXPECT_TRUE(
      std::regex_match(t.referral_letter_number(), std::regex("^nt-amr移〔20[0-9]{2}〕[0-9]+号$")))
      << t.referral_letter_number();
  EXPECT_EQ(sent.referral_number(), t.referral_letter_number());
  EXPECT_EQ(sent.current_police(), "organisations/nt-psb");
  EXPECT_EQ(t.police(), "organisations/nt-psb");
  EXPECT_EQ(t.transferred_by().user(), "users/nt.officer");
  EXPECT_EQ(t.note(), "涉案物品另行移交");

  // ① ② ③ ④ ⑤ in the order of art. 6, each with its digest; ④ a copy of the case's report.
  ASSERT_EQ(t.materials_size(), 5);
  const std::vector<Material::Kind> kinds = {
      Material::KIND_REFERRAL_LETTER, Material::KIND_INVESTIGATION_REPORT,
      Material::KIND_SEIZED_GOODS_LIST, Material::KIND_INSPECTION_REPORT, Material::KIND_OTHER};
  std::string lines = sent.case_snapshot().sha256_hex() + "\n";
  for (int i = 0; i < 5; ++i) {
    const Material& m = t.materials(i);
    EXPECT_EQ(m.kind(), kinds[i]) << i;
    EXPECT_EQ(m.document().name().rfind(sent.name() + "/documents/", 0), 0u) << i;
    lines += m.document().sha256_hex() + "\n";
    const Download d = Fetch("nt.receiver", m.document().name());
    EXPECT_EQ(core::Sha256Hex(d.content), m.document().sha256_hex()) << i;
  }
  EXPECT_EQ(t.manifest_sha256_hex(), core::Sha256Hex(lines));
  EXPECT_EQ(t.materials(1).document().name(), sent.report().investigation_report());
  EXPECT_EQ(t.materials(3).source_document(), inspection.name());
  EXPECT_EQ(t.materials(3).document().sha256_hex(), inspection.content().sha256_hex());
  EXPECT_TRUE(Fetch("nt.officer", t.materials(3).document().name()).content == inspection_bytes);
  EXPECT_EQ(t.materials(4).document().name(), photo.name());
  EXPECT_EQ(List("nt.receiver", sent.name(), "generated=true"),
            (std::vector<std::string>{t.materials(0).document().name(),
                                      t.materials(2).document().name()}));

  // The 移送书 names the police and the agency and lists every other digest and the snapshot's.
  const Download letter = Fetch("nt.receiver", t.materials(0).document().name());
  EXPECT_EQ(letter.document.kind(), v1::ReferralDocument::KIND_REFERRAL_LETTER);
  EXPECT_TRUE(letter.document.generated());
  const std::string text = PdfText(letter.content);
  ExpectContains(text, {"涉嫌犯罪案件移送书", t.referral_letter_number(), "单位nt-psb：",
                        "单位nt-amr", "南通某某鞋业有限公司", "④检验报告或者鉴定结论",
                        "检验报告-2026-031.pdf", "用户nt.head", sent.case_snapshot().sha256_hex()});
  for (int i = 1; i < 5; ++i) ExpectContains(text, {t.materials(i).document().sha256_hex()});
  ExpectContains(PdfText(Fetch("nt.receiver", t.materials(2).document().name()).content),
                 {"涉案物品清单", t.referral_letter_number(), "运动鞋（NIKE）", "120双", "张某",
                  "单位nt-amr"});

  // A retry answers the first transfer and writes nothing more.
  const Written after = WrittenFor(sent);
  v1::Referral again;
  s = Call(&ReferralStub::TransferReferral, "nt.officer", good, &again);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(again.SerializeAsString(), answered.SerializeAsString());
  EXPECT_EQ(WrittenFor(sent), after);
}

// The police sign only for exactly what was sent: a wrong or missing digest is refused naming
// each discrepancy and changes nothing; the matching echo records the receipt, renders the 回执
// and opens the 3-day filing decision clock (310号 art. 7, 8).
TEST_F(ReferralTransferE2ETest, ReceiptRequiresEveryDigestAsSent) {
  const v1::Referral sent = Transferred(Approved(Reported(Draft("通市监立〔2026〕604号"))));
  ASSERT_EQ(sent.state(), v1::Referral::STATE_TRANSFERRED);
  const Written before = WrittenFor(sent);
  v1::Referral out;

  // A police user of another organisation may not even see it.
  const int64_t denials = Denials(sent, "ReceiveReferral");
  grpc::Status s = Call(&ReferralStub::ReceiveReferral, "cc.receiver",
                        EchoAll(sent, "receive-604-stranger"), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_EQ(Denials(sent, "ReceiveReferral"), denials + 1);

  // One wrong digest.
  auto wrong = EchoAll(sent, "receive-604-wrong");
  const std::string letter = sent.transfer().materials(0).document().name();
  wrong.mutable_received_digests(1)->set_sha256_hex(std::string(64, '0'));
  s = Call(&ReferralStub::ReceiveReferral, "nt.receiver", wrong, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ErrorReason(s), "DIGEST_MISMATCH");
  EXPECT_EQ(FailedSubjects(s), std::vector<std::string>{letter});
  EXPECT_NE(s.error_message().find("涉嫌犯罪案件移送书"), std::string::npos) << s.error_message();

  // The snapshot left out and a document that was never sent: both named.
  auto partial = EchoAll(sent, "receive-604-partial");
  partial.mutable_received_digests()->erase(partial.received_digests().begin());
  v1::Referral::MaterialDigest* extra = partial.add_received_digests();
  extra->set_document(sent.name() + "/documents/never-sent");
  extra->set_sha256_hex(std::string(64, '1'));
  s = Call(&ReferralStub::ReceiveReferral, "nt.receiver", partial, &out);
  EXPECT_EQ(ErrorReason(s), "DIGEST_MISMATCH") << s.error_message();
  EXPECT_EQ(FailedSubjects(s),
            (std::vector<std::string>{"case_snapshot", sent.name() + "/documents/never-sent"}));

  auto malformed = EchoAll(sent, "receive-604-malformed");
  malformed.mutable_received_digests(0)->set_sha256_hex("ABC");
  malformed.mutable_received_digests(1)->set_document("referrals/other/documents/x");
  s = Call(&ReferralStub::ReceiveReferral, "nt.receiver", malformed, &out);
  EXPECT_EQ(ViolatedFields(s), (std::set<std::string>{"received_digests[0].sha256_hex",
                                                      "received_digests[1].document"}));
  EXPECT_EQ(WrittenFor(sent), before) << "a refused receipt wrote something";
  EXPECT_EQ(Read(sent.name()).etag(), sent.etag());

  auto good = EchoAll(sent, "receive-604");
  good.set_remarks("材料齐全");
  v1::Referral answered;
  s = Call(&ReferralStub::ReceiveReferral, "nt.receiver", good, &answered);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::Referral received = Read(sent.name());
  EXPECT_EQ(received.state(), v1::Referral::STATE_RECEIVED);
  EXPECT_EQ(LastEvent(received).type(), v1::ReferralEvent::TYPE_RECEIVED);
  ASSERT_EQ(received.receipts_size(), 1);
  const v1::Referral::Receipt& receipt = received.receipts(0);
  EXPECT_EQ(receipt.police(), "organisations/nt-psb");
  EXPECT_TRUE(
      std::regex_match(receipt.receipt_number(), std::regex("^nt-psb回〔20[0-9]{2}〕[0-9]+号$")))
      << receipt.receipt_number();
  EXPECT_TRUE(receipt.digests_match());
  EXPECT_TRUE(receipt.discrepancies().empty());
  EXPECT_EQ(receipt.echoed_digests_size(), good.received_digests_size());
  EXPECT_EQ(receipt.received_by().user(), "users/nt.receiver");
  EXPECT_EQ(receipt.remarks(), "材料齐全");
  const v1::Deadline filing = Clock(received, v1::Deadline::KIND_FILING_DECISION);
  EXPECT_EQ(filing.clock().state(), v1::StatutoryClock::STATE_OPEN);
  EXPECT_EQ(filing.clock().responsible_organisation(), "organisations/nt-psb");
  ExpectThreeDayClock(filing, receipt.receive_time(), "第八条");

  const Download pdf = Fetch("nt.officer", receipt.receipt_document());
  EXPECT_EQ(pdf.document.kind(), v1::ReferralDocument::KIND_RECEIPT);
  EXPECT_TRUE(pdf.document.generated());
  ExpectContains(
      PdfText(pdf.content),
      {"涉嫌犯罪案件移送书回执", receipt.receipt_number(), "单位nt-amr：",
       sent.transfer().referral_letter_number(), "签收材料与移送记录一致", "用户nt.receiver",
       "单位nt-psb", sent.transfer().manifest_sha256_hex(), sent.case_snapshot().sha256_hex()});

  // The holding police add their own papers; a retry of the receipt changes nothing.
  const std::string notice = "%PDF-1.4 立案审查 %%EOF";
  Uploaded(
      "nt.receiver",
      Metadata("notice-604", sent.name(), v1::ReferralDocument::KIND_OTHER, "说明.pdf", notice),
      notice);
  const Written after = WrittenFor(received);
  v1::Referral again;
  s = Call(&ReferralStub::ReceiveReferral, "nt.receiver", good, &again);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(again.SerializeAsString(), answered.SerializeAsString());
  EXPECT_EQ(WrittenFor(received), after);
}

}  // namespace
}  // namespace casebridge::testing
