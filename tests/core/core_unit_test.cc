// Pure pieces of the runtime: settings, encodings, page tokens, error details and retry keys.
#include <gtest/gtest.h>

#include "casebridge/v1/referral.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/core/config.h"
#include "services/core/digest.h"
#include "services/core/errors.h"
#include "services/core/paging.h"
#include "services/core/request_log.h"

namespace casebridge::core {
namespace {

TEST(ConfigTest, FlagsOverrideEnvironmentOverrideDefaults) {
  ::setenv("CASEBRIDGE_POOL_SIZE", "8", 1);
  std::vector<Setting> settings = {
      {"pool_size", "4", ""}, {"listen", "127.0.0.1:1", ""}, {"ttl", "2h", ""}};
  std::vector<std::string> args = {"prog", "--listen=0.0.0.0:9", "--ttl", "90s"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::string error;
  auto config = Config::Parse(static_cast<int>(argv.size()), argv.data(), settings, &error);
  ASSERT_TRUE(config) << error;
  EXPECT_EQ(config->GetInt("pool_size"), 8);
  EXPECT_EQ(config->Get("listen"), "0.0.0.0:9");
  EXPECT_EQ(config->GetDuration("ttl"), std::chrono::seconds(90));
  ::unsetenv("CASEBRIDGE_POOL_SIZE");
}

TEST(ConfigTest, UnknownFlagIsAnError) {
  std::vector<std::string> args = {"prog", "--no_such=1"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::string error;
  EXPECT_FALSE(Config::Parse(2, argv.data(), {{"listen", "", ""}}, &error));
  EXPECT_NE(error.find("no_such"), std::string::npos);
}

TEST(ConfigTest, BadValuesNameTheSetting) {
  std::vector<std::string> args = {"prog", "--ttl=soon"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::string error;
  auto config = Config::Parse(2, argv.data(), {{"ttl", "1h", ""}}, &error);
  ASSERT_TRUE(config);
  EXPECT_THROW(config->GetDuration("ttl"), std::invalid_argument);
}

TEST(DigestTest, Sha256KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256Stream stream;
  stream.Update("a");
  stream.Update("bc");
  EXPECT_EQ(stream.FinishHex(), Sha256Hex("abc"));
}

TEST(DigestTest, Base64UrlRoundTripsAndRejectsNonCanonical) {
  for (const std::string& text : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba",
                                                          "foobar", std::string("\0\xff\xfe", 3)}) {
    auto decoded = Base64UrlDecode(Base64UrlEncode(text));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(Base64UrlDecode("Zm9=").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zh").has_value());  // stray low bits
}

TEST(PagingTest, TokensRoundTripAndForeignTokensAreRejected) {
  FieldViolations v;
  EXPECT_EQ(DecodePageToken(EncodePageToken("nt-amr"), v), "nt-amr");
  EXPECT_TRUE(v.empty());
  DecodePageToken("not-a-token", v);
  EXPECT_EQ(v.size(), 1u);
  EXPECT_EQ(ClampPageSize(0), kDefaultPageSize);
  EXPECT_EQ(ClampPageSize(100000), kMaxPageSize);
  EXPECT_EQ(ClampPageSize(7), 7);
}

TEST(ErrorsTest, FieldViolationsCarryEveryFieldInBadRequest) {
  FieldViolations v;
  v.Add("organisation.region_code", "bad code");
  v.Add("organisation.kind", "missing kind");
  grpc::Status status = v.ToStatus();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status rich;
  ASSERT_TRUE(rich.ParseFromString(status.error_details()));
  ASSERT_EQ(rich.details_size(), 1);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(rich.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "organisation.region_code");
  EXPECT_EQ(bad.field_violations(1).field(), "organisation.kind");
  EXPECT_NE(status.error_message().find("2"), std::string::npos);
}

TEST(ErrorsTest, ReasonTravelsInErrorInfo) {
  grpc::Status status =
      StatusWithReason(grpc::StatusCode::ABORTED, "stale", "STALE_ETAG", {{"current_etag", "3"}});
  google::rpc::Status rich;
  ASSERT_TRUE(rich.ParseFromString(status.error_details()));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(rich.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "STALE_ETAG");
  EXPECT_EQ(info.domain(), "casebridge");
  EXPECT_EQ(info.metadata().at("current_etag"), "3");
}

TEST(RequestKeyTest, EtagIsNotPartOfWhatARetryRepeats) {
  v1::ApproveReferralRequest first;
  first.set_request_id("approve-1");
  first.set_name("referrals/r1");
  first.set_etag("3");
  first.set_opinion("同意移送");
  v1::ApproveReferralRequest reread = first;
  reread.set_etag("4");  // read again after the first answer was lost
  v1::ApproveReferralRequest other = first;
  other.set_opinion("同意");
  const auto key = [](const google::protobuf::Message& m) {
    return MakeRequestKey("users/u", "ApproveReferral", "approve-1", m).request_digest;
  };
  EXPECT_EQ(key(first), key(reread));
  EXPECT_NE(key(first), key(other));
  EXPECT_EQ(first.etag(), "3") << "the caller's request is left as it was";
}

}  // namespace
}  // namespace casebridge::core
