#!/usr/bin/env python3
"""The library's public API, one line per item, from rustdoc's JSON.

    .ci/public-api.py target/doc/mpsd_handles.json > crates/mpsd-handles/public-api.txt

Every path a user can name (through modules and re-exports, so an item
reachable two ways shows twice), its kind, `#[non_exhaustive]`, public
fields and variants, inherent methods with their signatures, and the
traits each type implements (auto and blanket ones left out). `.ci/run`
regenerates it and fails on any difference from the committed snapshot: a
change of the public API is a decision, made with `.ci/public-api --bless`
and named in the CHANGELOG.
"""

import json
import sys

doc = json.load(open(sys.argv[1]))
index = doc["index"]
paths = doc["paths"]
lines = set()


def item(id_):
    return index.get(str(id_))


def name_of(id_):
    p = paths.get(str(id_))
    return "::".join(p["path"]) if p else None


def ty(t):
    """A type, written roughly as Rust writes it."""
    if t is None:
        return "()"
    if not isinstance(t, dict):
        return str(t)
    (kind, v), = t.items()
    if kind == "primitive":
        return v
    if kind == "generic":
        return v
    if kind == "resolved_path":
        # The type's name as a user writes it, not where its source lives.
        path = (v.get("path") or name_of(v.get("id")) or "?").split("::")[-1]
        return path + args(v.get("args"))
    if kind == "borrowed_ref":
        life = (v.get("lifetime") or "") + " " if v.get("lifetime") else ""
        mut = "mut " if v.get("is_mutable") else ""
        return f"&{life}{mut}{ty(v['type'])}"
    if kind == "slice":
        return f"[{ty(v)}]"
    if kind == "array":
        return f"[{ty(v['type'])}; {v['len']}]"
    if kind == "tuple":
        return "(" + ", ".join(ty(x) for x in v) + ")"
    if kind == "impl_trait":
        return "impl " + " + ".join(bound(b) for b in v)
    if kind == "dyn_trait":
        return "dyn " + " + ".join(bound({"trait_bound": b}) for b in v.get("traits", []))
    if kind == "qualified_path":
        return f"<{ty(v['self_type'])}>::{v['name']}"
    if kind == "raw_pointer":
        return ("*mut " if v.get("is_mutable") else "*const ") + ty(v["type"])
    return kind


def args(a):
    if not a:
        return ""
    if "angle_bracketed" in a:
        parts = []
        for x in a["angle_bracketed"].get("args", []):
            if "type" in x:
                parts.append(ty(x["type"]))
            elif "lifetime" in x:
                parts.append(x["lifetime"])
            elif "const" in x:
                parts.append(str(x["const"].get("expr", "_")))
        for c in a["angle_bracketed"].get("constraints", []):
            binding = c.get("binding", {})
            if "equality" in binding and "type" in binding["equality"]:
                parts.append(f"{c['name']} = {ty(binding['equality']['type'])}")
        return "<" + ", ".join(parts) + ">" if parts else ""
    if "parenthesized" in a:
        p = a["parenthesized"]
        return "(" + ", ".join(ty(x) for x in p.get("inputs", [])) + ")" + (
            " -> " + ty(p["output"]) if p.get("output") else ""
        )
    return ""


def bound(b):
    if "trait_bound" in b:
        t = b["trait_bound"]["trait"]
        return (t.get("path") or name_of(t.get("id")) or "?") + args(t.get("args"))
    if "outlives" in b:
        return b["outlives"]
    return "?"


def sig(fn):
    s = fn["sig"]
    inputs = []
    for name, t in s["inputs"]:
        if name == "self":
            inputs.append(ty(t).replace("Self", "self") if ty(t) != "Self" else "self")
        else:
            inputs.append(f"{name}: {ty(t)}")
    header = fn.get("header", {})
    prefix = ("const " if header.get("is_const") else "") + ("async " if header.get("is_async") else "")
    out = f" -> {ty(s['output'])}" if s.get("output") else ""
    return f"{prefix}fn({', '.join(inputs)}){out}"


def attrs(it):
    text = json.dumps(it.get("attrs", []))
    return " #[non_exhaustive]" if "non_exhaustive" in text else ""


def describe(path, it):
    inner = it["inner"]
    (kind, v), = inner.items()
    if kind == "function":
        lines.add(f"fn {path} {sig(v)}")
        return
    if kind == "constant":
        lines.add(f"const {path}: {ty(v.get('type'))}")
        return
    if kind == "static":
        lines.add(f"static {path}: {ty(v.get('type'))}")
        return
    lines.add(f"{kind} {path}{attrs(it)}")
    if kind == "struct":
        k = v["kind"]
        fields = k.get("plain", {}).get("fields", []) if isinstance(k, dict) else []
        if isinstance(k, dict) and "tuple" in k:
            fields = [f for f in k["tuple"] if f is not None]
        for f in fields:
            fi = item(f)
            if fi and fi.get("visibility") == "public":
                lines.add(f"field {path}::{fi['name']}: {ty(fi['inner'].get('struct_field'))}")
    if kind == "enum":
        for var in v.get("variants", []):
            vi = item(var)
            if vi:
                lines.add(f"variant {path}::{vi['name']}{attrs(vi)}")
    if kind in ("struct", "enum", "union"):
        for impl_id in v.get("impls", []):
            impl = item(impl_id)
            if not impl:
                continue
            im = impl["inner"]["impl"]
            if im.get("is_synthetic") or im.get("blanket_impl"):
                continue
            if im.get("trait"):
                t = im["trait"]
                lines.add(f"impl {(t.get('path') or name_of(t.get('id')))}{args(t.get('args'))} for {path}")
                continue
            for m in im.get("items", []):
                mi = item(m)
                if mi and mi.get("visibility") == "public":
                    (mk, mv), = mi["inner"].items()
                    if mk == "function":
                        lines.add(f"fn {path}::{mi['name']} {sig(mv)}")
                    elif mk in ("assoc_const", "constant"):
                        lines.add(f"const {path}::{mi['name']}: {ty(mv.get('type'))}")
    if kind == "trait":
        for m in v.get("items", []):
            mi = item(m)
            if mi:
                lines.add(f"trait-item {path}::{mi['name']}")


def walk(module_id, prefix, seen):
    module = item(module_id)
    if module is None or module_id in seen:
        return
    seen = seen | {module_id}
    for child_id in module["inner"]["module"]["items"]:
        child = item(child_id)
        if child is None or child.get("visibility") != "public":
            continue
        inner = child["inner"]
        if "use" in inner:
            use = inner["use"]
            target = item(use.get("id")) if use.get("id") is not None else None
            if target is None:
                lines.add(f"use {prefix}::{use['name']} (external: {use['source']})")
                continue
            if use.get("is_glob"):
                walk(use["id"], prefix, seen)
            elif "module" in target["inner"]:
                lines.add(f"mod {prefix}::{use['name']}")
                walk(use["id"], f"{prefix}::{use['name']}", seen)
            else:
                describe(f"{prefix}::{use['name']}", target)
            continue
        if "module" in inner:
            lines.add(f"mod {prefix}::{child['name']}")
            walk(child_id, f"{prefix}::{child['name']}", seen)
            continue
        if child.get("name"):
            describe(f"{prefix}::{child['name']}", child)


walk(doc["root"], index[str(doc["root"])]["name"], frozenset())
for line in sorted(lines):
    print(line)
