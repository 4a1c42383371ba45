#include "clients/loadgen/referral_lifecycle.h"

#include <openssl/evp.h>

#include "casebridge/v1/intake.grpc.pb.h"
#include "casebridge/v1/referral.grpc.pb.h"
#include "clients/loadgen/signed_calls.h"

namespace casebridge::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

// The request fields every act on a referral carries: the referral as last answered.
template <typename Request>
Request On(const v1::Referral& r, const std::string& request_id) {
  Request request;
  request.set_request_id(request_id);
  request.set_name(r.name());
  request.set_etag(r.etag());
  return request;
}

class LifecycleCaller final : public Caller {
 public:
  explicit LifecycleCaller(LifecycleSetup setup)
      : setup_(std::move(setup)),
        users_(*setup_.users),
        intake_(v1::IntakeService::NewStub(setup_.intake)),
        referrals_(v1::ReferralService::NewStub(setup_.referral)) {}

  CallOutcome Call(int64_t seq) override {
    const std::string unique = setup_.prefix + std::to_string(seq);
    const std::string id = "loadgen-" + unique + "-";
    CallOutcome out;
    grpc::Status s = Lifecycle(unique, id, out);
    if (s.ok()) out.cases = 1;
    out.status = std::move(s);
    return out;
  }

 private:
  // Times one act by the user of `token`; a failure is named after the act.
  template <typename Act>
  grpc::Status Timed(CallOutcome& out, const std::string& token, Act act) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + setup_.deadline);
    Authorize(context, token);
    const Clock::time_point start = Clock::now();
    grpc::Status s = act(context);
    out.act_micros.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
    if (s.ok()) return s;
    return grpc::Status(
        s.error_code(),
        std::string(kLifecycleActs[out.act_micros.size() - 1]) + ": " + s.error_message(),
        s.error_details());
  }

  grpc::Status Lifecycle(const std::string& unique, const std::string& id, CallOutcome& out) {
    v1::CreateCaseFileRequest file;
    file.set_request_id(id + "case");
    *file.mutable_case_file() = setup_.case_template->Numbered(unique);
    v1::CaseFile c;
    grpc::Status s = Timed(out, users_.officer_token, [&](grpc::ClientContext& x) {
      return intake_->CreateCaseFile(&x, file, &c);
    });
    if (!s.ok()) return s;
    if (c.assessment().overall_outcome() != v1::ASSESSMENT_OUTCOME_MET) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "create_case: the case does not meet the 刑法 213 threshold (outcome " +
                              v1::AssessmentOutcome_Name(c.assessment().overall_outcome()) + ")");
    }

    v1::CreateReferralRequest create;
    create.set_request_id(id + "refer");
    create.mutable_referral()->set_case_file(c.name());
    v1::Referral::TaskForce& team = *create.mutable_referral()->mutable_task_force();
    team.add_members(users_.officer);
    team.add_members(users_.second_officer);
    team.set_leader(users_.officer);
    v1::Referral r;
    s = Timed(out, users_.officer_token,
              [&](grpc::ClientContext& x) { return referrals_->CreateReferral(&x, create, &r); });
    if (!s.ok()) return s;

    std::string report;
    s = Timed(out, users_.officer_token,
              [&](grpc::ClientContext& x) { return UploadReport(x, r, id, &report); });
    if (!s.ok()) return s;

    auto submit = On<v1::SubmitReportRequest>(r, id + "submit");
    submit.set_head(users_.head);
    submit.set_summary(
        "当事人销售假冒注册商标的运动鞋，非法经营数额已达刑法第二百一十三条的追诉标准。");
    submit.set_investigation_report(report);
    submit.add_suspected_offences(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
    if (s = Act(out, users_.officer_token, &Stub::SubmitReport, submit, r); !s.ok()) return s;

    auto approve = On<v1::ApproveReferralRequest>(r, id + "approve");
    approve.set_opinion("同意移送");
    if (s = Act(out, users_.head_token, &Stub::ApproveReferral, approve, r); !s.ok()) return s;

    auto transfer = On<v1::TransferReferralRequest>(r, id + "transfer");
    transfer.set_police(users_.police);
    transfer.set_no_inspection_reason("权利人出具的鉴别意见已足以认定为假冒注册商标的商品");
    if (s = Act(out, users_.officer_token, &Stub::TransferReferral, transfer, r); !s.ok()) {
      return s;
    }

    // The police sign for what they read, not for what the agency's answer said.
    v1::GetReferralRequest read;
    read.set_name(r.name());
    read.set_view(v1::REFERRAL_VIEW_BASIC);
    s = Timed(out, users_.receiver_token,
              [&](grpc::ClientContext& x) { return referrals_->GetReferral(&x, read, &r); });
    if (!s.ok()) return s;
    auto receive = On<v1::ReceiveReferralRequest>(r, id + "receive");
    for (const auto& m : r.transfer().materials()) {
      auto* digest = receive.add_received_digests();
      digest->set_document(m.document().name());
      digest->set_sha256_hex(m.document().sha256_hex());
    }
    receive.add_received_digests()->set_sha256_hex(r.case_snapshot().sha256_hex());
    if (s = Act(out, users_.receiver_token, &Stub::ReceiveReferral, receive, r); !s.ok()) return s;

    auto filing = On<v1::FileCaseRequest>(r, id + "file");
    filing.set_basis(v1::Referral::Filing::BASIS_REVIEW);
    filing.set_decision_number("通公（经）立字〔2026〕101号");
    filing.set_notice_number("通公（经）立通字〔2026〕101号");
    filing.add_charges(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
    if (s = Act(out, users_.investigator_token, &Stub::FileCase, filing, r); !s.ok()) return s;
    if (r.state() != v1::Referral::STATE_FILED) {
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          "file_case: the referral ended " + v1::Referral::State_Name(r.state()));
    }
    return grpc::Status::OK;
  }

  using Stub = v1::ReferralService::Stub;
  template <typename Request>
  using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, v1::Referral*);

  // An act on referral `r`, which becomes the referral as the act answered it.
  template <typename Request>
  grpc::Status Act(CallOutcome& out, const std::string& token, Method<Request> method,
                   const Request& request, v1::Referral& r) {
    return Timed(out, token, [&](grpc::ClientContext& x) {
      return (referrals_.get()->*method)(&x, request, &r);
    });
  }

  // Material ②, as a small PDF of its own per referral; `*name` is the stored document.
  grpc::Status UploadReport(grpc::ClientContext& context, const v1::Referral& r,
                            const std::string& id, std::string* name) {
    const std::string bytes = "%PDF-1.4\n涉嫌犯罪案件情况的调查报告 " + r.name() + "\n%%EOF\n";
    v1::ReferralDocument document;
    auto writer = referrals_->UploadReferralDocument(&context, &document);
    v1::UploadReferralDocumentRequest message;
    v1::UploadReferralDocumentMetadata& m = *message.mutable_metadata();
    m.set_request_id(id + "report");
    m.set_parent(r.name());
    m.mutable_document()->set_kind(v1::ReferralDocument::KIND_INVESTIGATION_REPORT);
    m.mutable_document()->set_title("涉嫌犯罪案件情况的调查报告");
    m.mutable_document()->mutable_content()->set_file_name("调查报告.pdf");
    m.mutable_document()->mutable_content()->set_media_type("application/pdf");
    m.set_size_bytes(static_cast<int64_t>(bytes.size()));
    m.set_sha256_hex(Sha256Hex(bytes));
    if (writer->Write(message)) {
      message.set_chunk(bytes);
      if (writer->Write(message)) writer->WritesDone();
    }
    grpc::Status s = writer->Finish();
    *name = document.name();
    return s;
  }

  const LifecycleSetup setup_;
  const LifecycleUsers& users_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<Stub> referrals_;
};

}  // namespace

std::unique_ptr<Caller> NewLifecycleCaller(LifecycleSetup setup) {
  return std::make_unique<LifecycleCaller>(std::move(setup));
}

}  // namespace casebridge::loadgen
