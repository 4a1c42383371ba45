// What the referral act commands share: etag, flags, the call, and refusals explained by state.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "casebridge/v1/referral.grpc.pb.h"
#include "clients/cbctl/case_requests.h"
#include "clients/cbctl/command_line.h"
#include "clients/cbctl/printer.h"
#include "clients/cbctl/referral_views.h"
#include "clients/cbctl/session.h"

namespace casebridge::cbctl {

template <typename Request>
using ReferralRpc = grpc::Status (v1::ReferralService::Stub::*)(grpc::ClientContext*,
                                                                const Request&, v1::Referral*);
// Request field → the flag (or argument) it is set from.
using FlagMap = std::vector<std::pair<std::string, std::string>>;

// The --request-id and --etag every act takes.
FlagSpec RequestIdFlag();
FlagSpec EtagFlag();

// Explains a refused act: the service's words, every wrong field with its flag, and, when the act
// does not fit the referral's state or the caller's role, the state and the acts possible in it.
int FailAct(const Printer& printer, const grpc::Status& status, const Session& session,
            const v1::Referral& current, FlagMap flags);

// `referrals/{id}/documents/{doc}` for a document given by its id alone; a full name is kept.
std::string ReferralDocumentName(const v1::Referral& r, const std::string& text);
// Adds the documents of repeated `flag` (ids or names of documents of `r`) to `out`.
void AddDocuments(const ParsedArgs& args, const std::string& flag, const v1::Referral& r,
                  google::protobuf::RepeatedPtrField<std::string>* out);
// `caseFiles/{case}/{collection}/{id}` for a record given by its id alone; a full name is kept.
std::string CaseRecordName(const v1::Referral& r, const std::string& collection,
                           const std::string& text);

// Offences from repeated `flag` values: "213", "ART213" or the contract's name.
std::vector<v1::Offence> OffencesFrom(const ParsedArgs& args, const std::string& flag,
                                      FlagValues& flags);
// "中华人民共和国刑事诉讼法 第一百一十二条" (instrument, then article after the last space).
v1::LegalBasis LegalBasisFrom(const std::string& text);
// Goods lines "s1" or "s1=120" (id or full name of a seized item of the referred case, and the
// quantity; without it, the whole quantity as referred).
std::vector<v1::Referral::HandedOverItem> GoodsFrom(const ParsedArgs& args, const std::string& flag,
                                                    const v1::Referral& r);

// Runs one act on the referral named by the command's argument: reads it (FULL view when `full`)
// for its etag, lets `fill` set the act's own fields (noting wrong flags in `flags`), sends it
// with --request-id and --etag, and shows the referral after it, or why it was refused.
template <typename Request>
int RunAct(Session& session, const ParsedArgs& args, const Printer& printer,
           const std::string& usage, const std::string& done, ReferralRpc<Request> rpc,
           const std::function<void(const v1::Referral&, Request&, FlagValues&)>& fill,
           FlagMap flag_map, bool full = false) {
  if (args.positional().size() != 1) return printer.Error(usage);
  v1::Referral current;
  int exit_code = 0;
  if (!FetchReferral(session, args.positional()[0], printer, &current, &exit_code,
                     full ? v1::REFERRAL_VIEW_FULL : v1::REFERRAL_VIEW_BASIC)) {
    return exit_code;
  }
  Request request;
  ActOn(args, current, request);
  FlagValues flags(args);
  fill(current, request, flags);
  if (!flags.ok()) return flags.Fail(printer);
  v1::Referral response;
  auto context = session.Context();
  grpc::Status status = (Referrals(session).get()->*rpc)(context.get(), request, &response);
  if (!status.ok()) return FailAct(printer, status, session, current, std::move(flag_map));
  ShowAfterAct(printer, done, response);
  return 0;
}

}  // namespace casebridge::cbctl
