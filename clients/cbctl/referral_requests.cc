#include "clients/cbctl/referral_requests.h"

#include <iostream>

#include "clients/cbctl/proto_yaml.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace casebridge::cbctl {
namespace {

// The google.rpc.ErrorInfo of a refusal, when the service sent one.
google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status rich;
  google::rpc::ErrorInfo info;
  if (!status.error_details().empty() && rich.ParseFromString(status.error_details())) {
    for (const auto& detail : rich.details()) {
      if (detail.UnpackTo(&info)) break;
    }
  }
  return info;
}

}  // namespace

FlagSpec RequestIdFlag() {
  return {"request-id", "ID",
          "makes a retry safe: the same command with the same --request-id is done once, "
          "whatever --etag it reads (default: a new random id)"};
}

FlagSpec EtagFlag() {
  return {"etag", "ETAG", "the referral's etag you read (default: the current one)"};
}

int FailAct(const Printer& printer, const grpc::Status& status, const Session& session,
            const v1::Referral& current, FlagMap flags) {
  flags.emplace_back("etag", "--etag");
  flags.emplace_back("request_id", "--request-id");
  const int code = FailReferral(printer, status, session, FlagsOfFields(std::move(flags)));
  const google::rpc::ErrorInfo info = ErrorInfoOf(status);
  if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION &&
      status.error_code() != grpc::StatusCode::PERMISSION_DENIED) {
    return code;
  }
  // The state the service decided on, else the one read just before.
  v1::Referral::State state = current.state();
  if (auto it = info.metadata().find("state"); it != info.metadata().end()) {
    v1::Referral::State parsed;
    if (v1::Referral::State_Parse("STATE_" + it->second, &parsed)) state = parsed;
  }
  std::cerr << "移送当前状态 / the referral is now: " << ReferralStateText(state) << "\n"
            << "此状态下可以办理的事项 / acts possible in this state:\n"
            << NextActsText(state);
  return code;
}

std::string ReferralDocumentName(const v1::Referral& r, const std::string& text) {
  if (text.find('/') != std::string::npos) return WithPrefix(text, "referrals");
  return r.name() + "/documents/" + text;
}

void AddDocuments(const ParsedArgs& args, const std::string& flag, const v1::Referral& r,
                  google::protobuf::RepeatedPtrField<std::string>* out) {
  for (const std::string& d : args.GetAll(flag)) *out->Add() = ReferralDocumentName(r, d);
}

std::string CaseRecordName(const v1::Referral& r, const std::string& collection,
                           const std::string& text) {
  if (text.find('/') != std::string::npos) return WithPrefix(text, "caseFiles");
  return r.case_file() + "/" + collection + "/" + text;
}

std::vector<v1::Offence> OffencesFrom(const ParsedArgs& args, const std::string& flag,
                                      FlagValues& flags) {
  std::vector<v1::Offence> offences;
  const google::protobuf::EnumDescriptor* e = v1::Offence_descriptor();
  for (std::string word : args.GetAll(flag)) {
    if (word.rfind("ART", 0) == 0 || word.rfind("art", 0) == 0) word = word.substr(3);
    std::optional<int> found;
    for (int i = 0; i < e->value_count() && !found; ++i) {
      if (e->value(i)->name().rfind("OFFENCE_ART" + word + "_", 0) == 0) {
        found = e->value(i)->number();
      }
    }
    if (!found) found = EnumFromWord(e, word);
    if (found) {
      offences.push_back(static_cast<v1::Offence>(*found));
    } else {
      flags.Problem(flag, "“" + word + "”不是罪名 / '" + word +
                              "' is no offence: give the 刑法 article, e.g. 213, 214, 140");
    }
  }
  return offences;
}

v1::LegalBasis LegalBasisFrom(const std::string& text) {
  v1::LegalBasis basis;
  const size_t space = text.rfind(' ');
  basis.set_instrument(space == std::string::npos ? text : text.substr(0, space));
  if (space != std::string::npos) basis.set_article(text.substr(space + 1));
  return basis;
}

std::vector<v1::Referral::HandedOverItem> GoodsFrom(const ParsedArgs& args, const std::string& flag,
                                                    const v1::Referral& r) {
  std::vector<v1::Referral::HandedOverItem> items;
  for (const std::string& line : args.GetAll(flag)) {
    const size_t eq = line.find('=');
    v1::Referral::HandedOverItem item;
    item.set_seized_item(CaseRecordName(r, "seizedItems", line.substr(0, eq)));
    if (eq != std::string::npos) {
      item.set_quantity(line.substr(eq + 1));
    } else {
      for (const v1::SeizedItem& s : r.case_snapshot().case_file().seized_items()) {
        if (s.name() == item.seized_item()) item.set_quantity(s.quantity());
      }
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace casebridge::cbctl
