"""The hello WAR's endpoints as a Flask application, for Gunicorn in bench/run.sh.

Same behaviour as sample-webapps/hello: a plain-text greeting at / and /hello, the same
64 KiB static file at /static-64k.txt (served from the hello webapp's sources, so the bytes
are identical), and /echo answering a POST with its body and content type.

Run: gunicorn -w 2 -k sync --chdir bench/flask app:app
"""

import os

from flask import Flask, Response, request, send_from_directory

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC_DIR = os.environ.get(
    "BENCH_STATIC_DIR",
    os.path.join(HERE, "..", "..", "sample-webapps", "hello", "src", "main", "webapp"),
)

app = Flask(__name__, static_folder=None)


@app.get("/")
@app.get("/hello")
def hello():
    name = request.args.get("name", "").strip()
    return Response(f"Hello, {name or 'world'}!\n", content_type="text/plain;charset=UTF-8")


@app.get("/static-64k.txt")
def static_64k():
    return send_from_directory(STATIC_DIR, "static-64k.txt", mimetype="text/plain")


@app.post("/echo")
def echo():
    body = request.get_data()
    return Response(body, content_type=request.content_type or "application/octet-stream")
