// Case documents through the real intake binary: chunked upload and download with the digest
// verified, the size limit, idempotent retries, who may upload and read, and refused metadata.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <set>

#include "casebridge/v1/intake.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/core/digest.h"
#include "tests/harness/service_cluster.h"
#include "tests/harness/test_environment.h"

namespace casebridge {
namespace {

using testing::ServiceCluster;
constexpr char kPassword[] = "officer-password-1";
// The suite's intake runs with a 4 MiB limit, so refusing an oversized document stays fast.
constexpr int64_t kLimit = 4 * 1024 * 1024;
constexpr size_t kMiB = 1024 * 1024;

std::set<std::string> ViolatedFields(const grpc::Status& status) {
  google::rpc::Status rich;
  std::set<std::string> fields;
  if (!rich.ParseFromString(status.error_details())) return fields;
  for (const auto& detail : rich.details()) {
    google::rpc::BadRequest bad;
    if (detail.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.insert(v.field());
    }
  }
  return fields;
}

v1::CaseFile SmallCase(const std::string& number) {
  v1::CaseFile c;
  c.set_case_number(number);
  c.add_handling_officers("users/nt.officer");
  c.add_handling_officers("users/nt.officer2");
  c.set_procedure(v1::CaseFile::PROCEDURE_GENERAL);
  c.mutable_register_date()->set_year(2026);
  c.mutable_register_date()->set_month(3);
  c.mutable_register_date()->set_day(2);
  auto* party = c.add_parties();
  party->set_kind(v1::Party::KIND_ORGANISATION);
  party->set_capacity(v1::Party::CAPACITY_RESPONDENT);
  party->mutable_organisation()->set_registered_name("南通某某鞋业有限公司");
  party->mutable_organisation()->set_unified_social_credit_code("91350100M000100Y43");
  party->mutable_organisation()->set_legal_representative("王某");
  c.set_cause("销售侵犯注册商标专用权的商品");
  c.mutable_threshold_facts()->set_ip_right(v1::IP_RIGHT_TRADEMARK);
  c.mutable_threshold_facts()->set_mark_relation(v1::MARK_RELATION_UNKNOWN);
  return c;
}

// An inspection report's metadata for `content`, with the client's own SHA-256.
v1::UploadDocumentMetadata Report(const std::string& request_id, const std::string& parent,
                                  const std::string& content) {
  v1::UploadDocumentMetadata m;
  m.set_request_id(request_id);
  m.set_parent(parent);
  v1::CaseDocument* d = m.mutable_document();
  d->set_kind(v1::CaseDocument::KIND_INSPECTION_REPORT);
  d->set_title("检验报告 苏质检〔2026〕031号");
  d->set_issuer("江苏省产品质量监督检验研究院");
  d->mutable_issue_date()->set_year(2026);
  d->mutable_issue_date()->set_month(3);
  d->mutable_issue_date()->set_day(20);
  d->mutable_content()->set_file_name("检验报告-2026-031.pdf");
  d->mutable_content()->set_media_type("application/pdf");
  m.set_size_bytes(static_cast<int64_t>(content.size()));
  m.set_sha256_hex(core::Sha256Hex(content));
  return m;
}

class IntakeDocumentsE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new ServiceCluster();
    cluster_->AddArgs("intake", {"--max_document_bytes=" + std::to_string(kLimit)});
    cluster_->Start();
    cluster_->AddOrganisation("nt-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320600");
    cluster_->AddOrganisation("sz-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320500");
    cluster_->AddOrganisation("nt-jcy", v1::ORGANISATION_KIND_PROCURATORATE, "320600");
    const std::vector<std::tuple<std::string, std::string, v1::Role>> users = {
        {"nt.officer", "nt-amr", v1::ROLE_OFFICER},
        {"sz.officer", "sz-amr", v1::ROLE_OFFICER},
        {"nt.procurator", "nt-jcy", v1::ROLE_PROCURATOR}};
    for (const auto& [id, org, role] : users) {
      cluster_->AddUser(id, org, role, kPassword);
      tokens_[id] = cluster_->Login(id, kPassword);
    }
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  static std::unique_ptr<v1::IntakeService::Stub> Stub() {
    return v1::IntakeService::NewStub(cluster_->Channel("intake"));
  }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& user) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    testing::Authorize(*context, tokens_.at(user));
    return context;
  }
  static v1::CaseFile NewCase(const std::string& number) {
    v1::CreateCaseFileRequest request;
    request.set_request_id("case-" + core::HexEncode(core::RandomBytes(6)));
    *request.mutable_case_file() = SmallCase(number);
    v1::CaseFile created;
    grpc::Status status = Stub()->CreateCaseFile(As("nt.officer").get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }
  // Sends each message in order; stops writing when the server has already answered.
  static grpc::Status Send(const std::string& user,
                           const std::vector<v1::UploadDocumentRequest>& messages,
                           v1::CaseDocument* out) {
    auto context = As(user);
    auto stub = Stub();
    auto writer = stub->UploadDocument(context.get(), out);
    bool open = true;
    for (const auto& m : messages) {
      if (!(open = writer->Write(m))) break;
    }
    if (open) writer->WritesDone();
    return writer->Finish();
  }
  static grpc::Status Upload(const std::string& user, const v1::UploadDocumentMetadata& metadata,
                             const std::string& content, size_t chunk, v1::CaseDocument* out) {
    std::vector<v1::UploadDocumentRequest> messages(1);
    *messages[0].mutable_metadata() = metadata;
    for (size_t at = 0; at < content.size(); at += chunk) {
      messages.emplace_back().set_chunk(content.substr(at, chunk));
    }
    return Send(user, messages, out);
  }
  struct Download {
    grpc::Status status;
    int messages = 0;
    v1::CaseDocument document;
    std::string content;
    size_t largest_chunk = 0;
  };
  static Download Fetch(const std::string& user, const std::string& name) {
    Download d;
    auto context = As(user);
    v1::DownloadDocumentRequest request;
    request.set_name(name);
    auto reader = Stub()->DownloadDocument(context.get(), request);
    v1::DownloadDocumentResponse message;
    while (reader->Read(&message)) {
      if (d.messages++ == 0) {
        EXPECT_TRUE(message.has_document()) << "the first message carries the metadata";
        d.document = message.document();
      } else {
        EXPECT_EQ(message.payload_case(), v1::DownloadDocumentResponse::kChunk);
        d.largest_chunk = std::max(d.largest_chunk, message.chunk().size());
        d.content += message.chunk();
      }
    }
    d.status = reader->Finish();
    return d;
  }
  static int64_t Count(const std::string& sql) {
    pqxx::connection admin(testing::SuperuserUrl(cluster_->database_name()));
    return pqxx::nontransaction(admin).exec(sql)[0][0].as<int64_t>();
  }
  static std::string CaseId(const v1::CaseFile& c) {
    return c.name().substr(std::string("caseFiles/").size());
  }

  static ServiceCluster* cluster_;
  static std::map<std::string, std::string> tokens_;
};

ServiceCluster* IntakeDocumentsE2ETest::cluster_ = nullptr;
std::map<std::string, std::string> IntakeDocumentsE2ETest::tokens_;

// The issue's "a document's digest verified on download": 3 MB uploaded in uneven chunks, read
// back by a procurator of the region, byte for byte, with the recorded SHA-256.
TEST_F(IntakeDocumentsE2ETest, DigestIsVerifiedOnDownload) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕D1号");
  const std::string content = core::RandomBytes(3 * kMiB + 123);
  v1::CaseDocument stored;
  grpc::Status status =
      Upload("nt.officer", Report("doc-1", c.name(), content), content, 700 * 1024, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.name().rfind(c.name() + "/documents/", 0), 0u) << stored.name();
  EXPECT_EQ(stored.content().name(), stored.name());
  EXPECT_EQ(stored.content().size_bytes(), static_cast<int64_t>(content.size()));
  EXPECT_EQ(stored.content().sha256_hex(), core::Sha256Hex(content));
  EXPECT_EQ(stored.content().uploaded_by().user(), "users/nt.officer");
  EXPECT_EQ(stored.title(), "检验报告 苏质检〔2026〕031号");

  Download d = Fetch("nt.procurator", stored.name());
  ASSERT_TRUE(d.status.ok()) << d.status.error_message();
  EXPECT_EQ(d.document.SerializeAsString(), stored.SerializeAsString());
  EXPECT_LE(d.largest_chunk, kMiB);
  EXPECT_EQ(d.messages, 1 + 4);  // metadata, then 3 MiB + 123 bytes in 1 MiB chunks
  ASSERT_EQ(d.content.size(), content.size());
  EXPECT_TRUE(d.content == content) << "downloaded bytes differ from the upload";
  EXPECT_EQ(core::Sha256Hex(d.content), d.document.content().sha256_hex());

  // The case lists the metadata (not the bytes), moved on to investigation, and the feed has a
  // DOCUMENT_ADDED event whose subject is the document.
  v1::GetCaseFileRequest get;
  get.set_name(c.name());
  v1::CaseFile read;
  ASSERT_TRUE(Stub()->GetCaseFile(As("nt.procurator").get(), get, &read).ok());
  ASSERT_EQ(read.documents_size(), 1);
  EXPECT_EQ(read.documents(0).SerializeAsString(), stored.SerializeAsString());
  EXPECT_EQ(read.state(), v1::CaseFile::STATE_UNDER_INVESTIGATION);
  EXPECT_LT(
      Count("SELECT octet_length(body) FROM intake.case_files WHERE id = '" + CaseId(c) + "'"),
      64 * 1024);
  pqxx::connection admin(testing::SuperuserUrl(cluster_->database_name()));
  pqxx::result last = pqxx::nontransaction(admin).exec(
      "SELECT event FROM intake.case_events WHERE case_file_id = '" + CaseId(c) +
      "' ORDER BY sequence DESC LIMIT 1");
  v1::CaseEvent event;
  ASSERT_TRUE(event.ParseFromString(pqxx::binarystring(last[0][0]).str()));
  EXPECT_EQ(event.type(), v1::CaseEvent::TYPE_DOCUMENT_ADDED);
  EXPECT_EQ(event.subject(), stored.name());

  v1::GetDocumentRequest get_document;
  get_document.set_name(stored.name());
  v1::CaseDocument got;
  ASSERT_TRUE(Stub()->GetDocument(As("nt.procurator").get(), get_document, &got).ok());
  EXPECT_EQ(got.SerializeAsString(), stored.SerializeAsString());
  v1::ListDocumentsRequest list;
  list.set_parent(c.name());
  list.set_filter("kind=INSPECTION_REPORT");
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(Stub()->ListDocuments(As("nt.officer").get(), list, &listed).ok());
  ASSERT_EQ(listed.documents_size(), 1);
  EXPECT_EQ(listed.documents(0).name(), stored.name());
  list.set_filter("kind=PRICE_APPRAISAL");
  ASSERT_TRUE(Stub()->ListDocuments(As("nt.officer").get(), list, &listed).ok());
  EXPECT_EQ(listed.documents_size(), 0);
}

TEST_F(IntakeDocumentsE2ETest, DocumentOverTheLimitIsRefusedAndNothingStored) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕D2号");
  const int64_t contents = Count("SELECT count(*) FROM intake.case_document_contents");
  const int64_t audit = Count("SELECT count(*) FROM intake.audit_log");
  const std::string big = core::RandomBytes(kLimit + 1);
  v1::CaseDocument out;
  // Declared honestly: refused on the metadata, before the content is taken.
  grpc::Status declared = Upload("nt.officer", Report("big-1", c.name(), big), big, kMiB, &out);
  EXPECT_EQ(declared.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(declared), std::set<std::string>{"metadata.size_bytes"})
      << declared.error_message();
  // Declared small but sent in full: refused as soon as the content outgrows the declaration.
  v1::UploadDocumentMetadata understated = Report("big-2", c.name(), big);
  understated.set_size_bytes(kMiB);
  understated.clear_sha256_hex();
  grpc::Status sent = Upload("nt.officer", understated, big, kMiB, &out);
  EXPECT_EQ(sent.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(sent), std::set<std::string>{"metadata.size_bytes"})
      << sent.error_message();

  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_document_contents"), contents);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.audit_log"), audit);
  v1::GetCaseFileRequest get;
  get.set_name(c.name());
  v1::CaseFile read;
  ASSERT_TRUE(Stub()->GetCaseFile(As("nt.officer").get(), get, &read).ok());
  EXPECT_EQ(read.documents_size(), 0);
  EXPECT_EQ(read.etag(), c.etag());
}

TEST_F(IntakeDocumentsE2ETest, RetryWithSameRequestIdStoresOneDocument) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕D3号");
  const std::string content = core::RandomBytes(200 * 1024);
  v1::CaseDocument first, second;
  ASSERT_TRUE(
      Upload("nt.officer", Report("doc-3", c.name(), content), content, 64 * 1024, &first).ok());
  ASSERT_TRUE(
      Upload("nt.officer", Report("doc-3", c.name(), content), content, 64 * 1024, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_document_contents WHERE case_file_id = '" +
                  CaseId(c) + "'"),
            1);
  EXPECT_EQ(
      Count("SELECT count(*) FROM intake.case_events WHERE case_file_id = '" + CaseId(c) + "'"),
      2);  // created, one document added
  // The same request_id for another file is a mistake, not a retry.
  const std::string other = core::RandomBytes(1000);
  v1::CaseDocument third;
  grpc::Status reused =
      Upload("nt.officer", Report("doc-3", c.name(), other), other, 64 * 1024, &third);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS) << reused.error_message();
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_document_contents WHERE case_file_id = '" +
                  CaseId(c) + "'"),
            1);
}

TEST_F(IntakeDocumentsE2ETest, OnlyTheOwningAgencyUploadsAndOthersAreDeniedAndAudited) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕D4号");
  const std::string content = core::RandomBytes(50 * 1024);
  v1::CaseDocument stored;
  ASSERT_TRUE(
      Upload("nt.officer", Report("doc-4", c.name(), content), content, 16 * 1024, &stored).ok());

  v1::CaseDocument out;
  grpc::Status foreign_upload =
      Upload("sz.officer", Report("doc-4-sz", c.name(), content), content, 16 * 1024, &out);
  EXPECT_EQ(foreign_upload.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status procurator_upload =
      Upload("nt.procurator", Report("doc-4-jcy", c.name(), content), content, 16 * 1024, &out);
  EXPECT_EQ(procurator_upload.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Download foreign = Fetch("sz.officer", stored.name());
  EXPECT_EQ(foreign.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(foreign.messages, 0);
  EXPECT_TRUE(foreign.content.empty());

  EXPECT_EQ(Count("SELECT count(*) FROM intake.audit_log WHERE action = "
                  "'denied:intake.UploadDocument' AND target = '" +
                  c.name() + "' AND actor_user = 'users/sz.officer'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.audit_log WHERE action = "
                  "'denied:intake.UploadDocument' AND target = '" +
                  c.name() + "' AND actor_user = 'users/nt.procurator'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.audit_log WHERE action = "
                  "'denied:intake.DownloadDocument' AND target = '" +
                  c.name() + "' AND actor_user = 'users/sz.officer'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_document_contents WHERE case_file_id = '" +
                  CaseId(c) + "'"),
            1);
  Download own = Fetch("nt.officer", stored.name());
  ASSERT_TRUE(own.status.ok()) << own.status.error_message();
  EXPECT_TRUE(own.content == content);
}

TEST_F(IntakeDocumentsE2ETest, MissingOrWrongMetadataIsInvalidArgument) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕D5号");
  const int64_t contents = Count("SELECT count(*) FROM intake.case_document_contents");
  v1::CaseDocument out;
  // Content without metadata first.
  std::vector<v1::UploadDocumentRequest> chunk_first(1);
  chunk_first[0].set_chunk("%PDF-1.7");
  grpc::Status no_metadata = Send("nt.officer", chunk_first, &out);
  EXPECT_EQ(no_metadata.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(no_metadata), std::set<std::string>{"metadata"});
  // Nothing at all.
  grpc::Status empty = Send("nt.officer", {}, &out);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(empty), std::set<std::string>{"metadata"});
  // Metadata naming every wrong field at once.
  const std::string content = "%PDF-1.7 scanned report";
  v1::UploadDocumentMetadata bad = Report("", "cases/x", content);
  bad.mutable_document()->set_kind(v1::CaseDocument::KIND_UNSPECIFIED);
  bad.mutable_document()->clear_title();
  bad.mutable_document()->mutable_content()->set_media_type("application/zip");
  bad.set_size_bytes(0);
  bad.set_sha256_hex("not-a-digest");
  grpc::Status wrong = Upload("nt.officer", bad, content, 1024, &out);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      ViolatedFields(wrong),
      (std::set<std::string>{"metadata.request_id", "metadata.parent", "metadata.document.kind",
                             "metadata.document.title", "metadata.document.content.media_type",
                             "metadata.size_bytes", "metadata.sha256_hex"}))
      << wrong.error_message();
  // A declared digest the content does not have.
  v1::UploadDocumentMetadata mismatch = Report("doc-5", c.name(), content);
  mismatch.set_sha256_hex(core::Sha256Hex("another file"));
  grpc::Status damaged = Upload("nt.officer", mismatch, content, 1024, &out);
  EXPECT_EQ(damaged.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(damaged), std::set<std::string>{"metadata.sha256_hex"});
  // A seized item the case does not have is checked against the stored case.
  v1::UploadDocumentMetadata stray = Report("doc-5b", c.name(), content);
  stray.mutable_document()->add_seized_items(c.name() + "/seizedItems/none");
  grpc::Status unknown_item = Upload("nt.officer", stray, content, 1024, &out);
  EXPECT_EQ(unknown_item.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(unknown_item),
            std::set<std::string>{"metadata.document.seized_items[0]"});
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_document_contents"), contents);
}

}  // namespace
}  // namespace casebridge
