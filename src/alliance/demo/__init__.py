"""The demo alliance: a realistic coalition seeded through the real action functions."""
