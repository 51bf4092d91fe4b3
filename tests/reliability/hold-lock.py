#!/usr/bin/env python3
"""Holds a write lock on an SQLite file until stdin closes: BEGIN IMMEDIATE (or EXCLUSIVE
with --exclusive), prints "locked" once held, then rolls back on EOF."""
import sqlite3
import sys

path = sys.argv[1]
mode = "EXCLUSIVE" if "--exclusive" in sys.argv[2:] else "IMMEDIATE"
con = sqlite3.connect(path, isolation_level=None, timeout=10)
con.execute(f"BEGIN {mode}")
print("locked", flush=True)
sys.stdin.read()
con.execute("ROLLBACK")
con.close()
