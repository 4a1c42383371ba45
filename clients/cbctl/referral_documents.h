// Sending a file to a referral and reading a referral document back, checked by SHA-256.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "casebridge/v1/referral.grpc.pb.h"
#include "clients/cbctl/printer.h"
#include "clients/cbctl/referral_requests.h"
#include "clients/cbctl/session.h"

namespace casebridge::cbctl {

// Uploads the file at `path` to referral `parent` as `document` (kind, title, description; the
// file name and media type are filled in) and checks the SHA-256 the service recorded. Without
// `request_id`, one derived from the file and its particulars, so the same upload is stored once.
// nullopt after explaining why, with *exit_code set; `flags` names where wrong fields came from.
std::optional<v1::ReferralDocument> UploadToReferral(
    Session& session, const Printer& printer, const std::string& parent, const std::string& path,
    v1::ReferralDocument document, const std::string& request_id, FlagMap flags, int* exit_code);

// Streams document `name` to `sink` chunk by chunk (a false return stops it); sets *document to
// its metadata. The caller checks the bytes against document->content().sha256_hex().
grpc::Status ReadReferralDocument(Session& session, const std::string& name,
                                  v1::ReferralDocument* document,
                                  const std::function<bool(const std::string& chunk)>& sink);

}  // namespace casebridge::cbctl
