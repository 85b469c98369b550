"""Ports and adapters for the outside world: email, calendar/meeting links, payments, Google.

Each capability is chosen by settings: the real adapter when its keys are set, a working local
default otherwise. Services call these ports, never a vendor SDK directly.
"""
