#!/usr/bin/python3
"""Checks CaseBridge from outside C++: generates Python stubs from proto/ with Debian's
grpc_python_plugin, signs in as the administrator over TLS, and asks every service's health
service whether it is serving. Run by ctest through cluster_runner, which starts the services
and passes their endpoints in CASEBRIDGE_*_ENDPOINT."""

import argparse
import importlib
import importlib.util
import os
import shutil
import subprocess
import sys

SERVICES = {
    "accounts": "casebridge.v1.AccountsService",
    "intake": "casebridge.v1.IntakeService",
    "referral": "casebridge.v1.ReferralService",
    "review": "casebridge.v1.ReviewService",
    "disclosure": "casebridge.v1.DisclosureService",
}


def generate_stubs(proto_root, stub_dir):
    shutil.rmtree(stub_dir, ignore_errors=True)
    os.makedirs(stub_dir)
    plugin = shutil.which("grpc_python_plugin")
    if plugin is None:
        sys.exit("grpc_python_plugin not found: install protobuf-compiler-grpc (deploy/install-deps.sh)")
    protos = [os.path.join("casebridge/v1", f) for f in sorted(os.listdir(os.path.join(proto_root, "casebridge/v1")))
              if f.endswith(".proto")]
    subprocess.run(["protoc", "-I", proto_root, "-I", "/usr/share/grpc-proto",
                    "--python_out", stub_dir, "--grpc_out", stub_dir,
                    "--plugin=protoc-gen-grpc=" + plugin]
                   + protos + ["grpc/health/v1/health.proto"], check=True)
    # casebridge/ becomes an importable package; grpc/health stays a plain folder, loaded by file
    # path below, so it cannot shadow the real grpc package.
    for folder in ("casebridge", "casebridge/v1"):
        open(os.path.join(stub_dir, folder, "__init__.py"), "a").close()
    sys.path.insert(0, stub_dir)


def load_health_messages(stub_dir):
    path = os.path.join(stub_dir, "grpc/health/v1/health_pb2.py")
    spec = importlib.util.spec_from_file_location("casebridge_health_pb2", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--proto-root", required=True)
    parser.add_argument("--stub-dir", required=True)
    args = parser.parse_args()
    generate_stubs(args.proto_root, args.stub_dir)

    import grpc
    accounts_pb2 = importlib.import_module("casebridge.v1.accounts_pb2")
    accounts_grpc = importlib.import_module("casebridge.v1.accounts_pb2_grpc")
    health_pb2 = load_health_messages(args.stub_dir)

    with open(os.environ["CASEBRIDGE_CA_FILE"], "rb") as f:
        credentials = grpc.ssl_channel_credentials(root_certificates=f.read())

    def channel(service):
        return grpc.secure_channel(os.environ["CASEBRIDGE_%s_ENDPOINT" % service.upper()], credentials)

    login = accounts_grpc.AccountsServiceStub(channel("accounts")).Login(
        accounts_pb2.LoginRequest(user_id="admin", password=os.environ["CASEBRIDGE_ADMIN_PASSWORD"]),
        timeout=30)
    assert login.access_token.startswith("cb1."), "login returned no CaseBridge token"
    assert login.user.name == "users/admin", login.user.name
    token = [("authorization", "Bearer " + login.access_token)]
    me = accounts_grpc.AccountsServiceStub(channel("accounts")).WhoAmI(
        accounts_pb2.WhoAmIRequest(), metadata=token, timeout=30)
    assert me.organisation.region_code == "000000", me.organisation.region_code
    print("signed in as %s (%s)" % (me.user.name, me.organisation.display_name))

    failures = 0
    for service, full_name in SERVICES.items():
        check = channel(service).unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString)
        for asked in ("", full_name):
            status = check(health_pb2.HealthCheckRequest(service=asked), metadata=token, timeout=10).status
            ok = status == health_pb2.HealthCheckResponse.SERVING
            failures += 0 if ok else 1
            print("%-10s %-34s %s" % (service, asked or "(server)",
                                       health_pb2.HealthCheckResponse.ServingStatus.Name(status)))
    checks = 2 * len(SERVICES)
    print("%d passed, %d failed" % (checks - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
