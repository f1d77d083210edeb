from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "alliance.groups"
    label = "groups"
