"""Endpoint latency and throughput: estlab's local endpoint vs the SDK v3's ModelBuilder IN_PROCESS.

Both serve the same fitted ``estlab.linear_model.LogisticRegression`` (10 features):

* estlab: ``NumPyModel(...).deploy()``, a model-server process (starlette on uvicorn) with the
  NumPy framework's default script; the client is ``Predictor.predict`` with JSON in and out;
* SDK v3: ``ModelBuilder(mode=Mode.IN_PROCESS, inference_spec=...)``, FastAPI on uvicorn in a
  thread of this process; the client is ``LocalEndpoint.invoke`` (JSON in and out). Its
  access log is switched off, as estlab's is, so that terminal output is not what we time.

Workloads: one row and 1,000 rows per request, sent sequentially and from 8 client threads.
Latency percentiles are per request; throughput is requests per second of wall time. The two
servers are measured interleaved, workload by workload, ``--repeats`` times; medians reported.

Run: ``python benchmarks/bench_endpoint.py`` (writes ``benchmarks/results/endpoint.md``).
"""

import _harness  # first: fixes BLAS threads before NumPy loads

import argparse
import logging
import os
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ESTLAB, ESTLAB_NPY, SDK = "estlab (JSON)", "estlab (NPY)", "SDK v3 IN_PROCESS (JSON)"
ESTLAB_ONE = "estlab (JSON, 1 worker)"


def offline_sdk_environment(folder):
    """The environment the SDK v3 needs to run with no AWS account and no network."""
    config = Path(folder, "sagemaker-config.yaml")
    config.write_text("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n"
                      "      TelemetryOptOut: true\n")
    os.environ.update(AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing",
                      AWS_SECRET_ACCESS_KEY="testing", AWS_EC2_METADATA_DISABLED="true",
                      SAGEMAKER_VALIDATE_ROLE="false", SAGEMAKER_USER_CONFIG_OVERRIDE=str(config))


def fit_model(folder):
    """A LogisticRegression on 2,000 noisy records, saved with estlab.save and tarred."""
    import numpy as np

    import estlab
    from estlab.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = rng.normal(size=(2000, 10))
    eta = X @ np.linspace(-1, 1, 10)
    y = (rng.random(2000) < 1 / (1 + np.exp(-eta))).astype(float)
    est = LogisticRegression().fit(X, y)
    content = Path(folder, "content")
    estlab.save(est, content / "model")
    archive = Path(folder, "model.tar.gz")
    with tarfile.open(archive, "w:gz") as tar:
        for f in sorted(content.iterdir()):
            tar.add(f, arcname=f.name)
    return est, archive, X


def start_estlab(archive, root, workers=None):
    """One endpoint; a JSON predictor and a NumPyPredictor (NPY, its default) on it.

    ``workers`` sets ``SAGEMAKER_MODEL_SERVER_WORKERS`` (None: the default, the CPU count).
    """
    from estlab.workflow import (JSONDeserializer, JSONSerializer, LocalSession, NumPyModel,
                                 NumPyPredictor)

    session = LocalSession(root=root)
    env = {} if workers is None else {"SAGEMAKER_MODEL_SERVER_WORKERS": str(workers)}
    t0 = time.perf_counter()
    predictor = NumPyModel(str(archive), session=session, env=env).deploy(
        serializer=JSONSerializer(), deserializer=JSONDeserializer())
    started = time.perf_counter() - t0
    npy = NumPyPredictor(predictor.endpoint_name, session=session)
    return (predictor.predict, npy.predict, started,
            lambda: (predictor.delete_endpoint(), session.close()))


def start_sdk(model_folder):
    import numpy as np
    from sagemaker.serve import InferenceSpec, ModelBuilder
    from sagemaker.serve.builder.schema_builder import SchemaBuilder
    from sagemaker.serve.mode.function_pointers import Mode

    import estlab

    class EstlabSpec(InferenceSpec):
        def load(self, model_dir=None):  # the SDK calls load(model_dir=None)
            return estlab.load(Path(model_folder, "model"))

        def invoke(self, input_object, model):
            return model.predict(np.asarray(input_object, dtype=float)).tolist()

    t0 = time.perf_counter()
    builder = ModelBuilder(inference_spec=EstlabSpec(),
                           schema_builder=SchemaBuilder([[0.0] * 10], [0.0]),
                           mode=Mode.IN_PROCESS, role_arn="arn:aws:iam::123456789012:role/Bench",
                           s3_model_data_url="s3://bench-bucket/model.tar.gz")
    builder.build()
    endpoint = builder.deploy()
    started = time.perf_counter() - t0
    logging.getLogger("uvicorn.access").disabled = True
    return (lambda body: endpoint.invoke(body=body).body, started,
            endpoint.in_process_mode_obj.destroy_server)


def measure(call, payload, n_requests, n_threads):
    """``(latencies in s, wall time in s)`` of ``n_requests`` calls from ``n_threads`` threads."""
    per_thread = n_requests // n_threads
    latencies = [[] for _ in range(n_threads)]
    barrier = threading.Barrier(n_threads + 1)

    def work(i):
        barrier.wait()
        out = latencies[i]
        for _ in range(per_thread):
            t = time.perf_counter()
            call(payload)
            out.append(time.perf_counter() - t)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return [x for chunk in latencies for x in chunk], wall


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--requests", type=int, default=800, help="single-row requests per run")
    parser.add_argument("--big-requests", type=int, default=80, help="1,000-row requests per run")
    parser.add_argument("--out", default=str(_harness.RESULTS_DIR / "endpoint.md"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-endpoint-"))
    offline_sdk_environment(work)
    est, archive, X = fit_model(work)
    estlab_json, estlab_npy, estlab_start, estlab_stop = start_estlab(archive, work / "estlab")
    one_json, _, _, one_stop = start_estlab(archive, work / "estlab-one", workers=1)
    sdk_call, sdk_start, sdk_stop = start_sdk(work / "content")
    # name -> (client call, payload kind): JSON clients send lists, the NPY client an array
    systems = {ESTLAB: (estlab_json, "list"), SDK: (sdk_call, "list"),
               ESTLAB_NPY: (estlab_npy, "array"), ESTLAB_ONE: (one_json, "list")}

    # same model, same answers
    data = {"list": X[:1000].tolist(), "array": X[:1000]}
    expected = est.predict(X[:1000]).tolist()
    for name, (call, kind) in systems.items():
        if list(call(data[kind])) != expected or list(call(data[kind][:1])) != expected[:1]:
            raise SystemExit(f"{name} does not answer like the model itself")

    workloads = [("1 row, sequential", 1, args.requests, 1),
                 ("1 row, 8 threads", 1, args.requests, 8),
                 ("1,000 rows, sequential", 1000, args.big_requests, 1),
                 ("1,000 rows, 8 threads", 1000, args.big_requests, 8)]
    results = {(w[0], s): [] for w in workloads for s in systems}
    for rep in range(args.repeats):
        for label, n_rows, n, threads in workloads:
            for name, (call, kind) in systems.items():  # interleaved: same noise for all
                payload = data[kind][:n_rows]
                measure(call, payload, max(threads, n // 20), threads)  # warm-up
                latencies, wall = measure(call, payload, n, threads)
                results[(label, name)].append((percentile(latencies, 50) * 1e3,
                                               percentile(latencies, 99) * 1e3,
                                               len(latencies) / wall))
                p50, p99, rate = results[(label, name)][-1]
                print(f"rep {rep + 1} {label:24s} {name:26s} p50 {p50:7.3f} ms  p99 {p99:7.3f} ms"
                      f"  {rate:8.1f} req/s", flush=True)
    estlab_stop()
    one_stop()
    sdk_stop()
    systems = list(systems)

    def med(label, name, i):
        return _harness.median([r[i] for r in results[(label, name)]])

    lines = ["# Endpoint latency and throughput: estlab vs SDK v3 ModelBuilder IN_PROCESS", "",
             _harness.environment(("numpy", "estlab", "uvicorn", "starlette", "fastapi",
                                   "sagemaker")), "",
             "The machine was shared with other jobs while this ran (2 cores, several agents), "
             "so absolute numbers are noisy (see the load averages above); both servers were "
             "measured interleaved under the same load. Medians of "
             f"{args.repeats} runs; {args.requests} single-row and {args.big_requests} 1,000-row "
             "requests per run (plus a warm-up).", "",
             "Model: estlab `LogisticRegression`, 10 features. The like-for-like comparison is "
             "JSON in and out for both (the SDK's IN_PROCESS route JSON-encodes every response); "
             "the NPY rows are the same estlab endpoint called by `NumPyPredictor` with its "
             "default NPY serializers, for information. The SDK's server runs in this process "
             "(a thread), estlab's in its own process. Start-up (deploy until the first "
             "answer): "
             f"estlab {estlab_start:.2f} s, SDK v3 {sdk_start:.2f} s.", "",
             "| workload | server | p50 (ms) | p99 (ms) | throughput (req/s) | throughput ratio |",
             "|---|---|---:|---:|---:|---:|"]
    for label, *_ in workloads:
        base = med(label, SDK, 2)
        for name in systems:
            ratio = med(label, name, 2) / base
            lines.append(f"| {label} | {name} | {med(label, name, 0):.3f} | "
                         f"{med(label, name, 1):.3f} | {med(label, name, 2):.0f} | {ratio:.2f}x |")
    workers = os.cpu_count() or 1
    lines += ["", f"estlab's endpoint runs {workers} worker processes (the CPU count, as the "
              "containers' default `SAGEMAKER_MODEL_SERVER_WORKERS`); the `1 worker` rows are "
              "the same endpoint with one. With 8 client threads a request waits behind the "
              "others in the queue, so its latency is several service times; the p99 goal is "
              "read on the sequential client. The 8 client threads share the same 2 cores "
              "with the workers.", ""]
    scaling = [med(w[0], ESTLAB, 2) / med(w[0], ESTLAB_ONE, 2) for w in workloads
               if "8 threads" in w[0]]
    lines.append(f"Goal: throughput with 8 client threads >= 1.7x the single-worker figure: "
                 f"{'met' if min(scaling) >= 1.7 else 'NOT met'} (ratios "
                 f"{', '.join(f'{r:.2f}x' for r in scaling)} for 1 row and 1,000 rows).")
    lines.append("")
    for name in (ESTLAB, ESTLAB_NPY):
        single_p99 = med("1 row, sequential", name, 1)
        ratios = [med(w[0], name, 2) / med(w[0], SDK, 2) for w in workloads]
        lines.append(
            f"Goals for {name}: throughput >= 1.5x IN_PROCESS on every workload: "
            f"{'met' if min(ratios) >= 1.5 else 'NOT met'} (lowest ratio {min(ratios):.2f}x); "
            f"single-row p99 < 5 ms (sequential client): "
            f"{'met' if single_p99 < 5 else 'NOT met'} ({single_p99:.2f} ms).")
        lines.append("")
    text = "\n".join(lines) + "\n"
    print(text)
    _harness.write_results(args.out, text)


if __name__ == "__main__":
    main()
