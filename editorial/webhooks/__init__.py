"""Signed webhooks: events recorded in the change's transaction, delivered by the worker.

events.py records a delivery per subscription and enqueues it (so a change
that rolls back sends nothing); tasks.py holds the jobs the worker
(``manage.py db_worker``) runs; sending.py signs, POSTs and retries.
"""
