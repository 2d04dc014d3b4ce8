"""Outgoing channels (e-mail, WeCom, DingTalk, generic webhooks) and the outbox of deliveries."""
