"""The pieces every content admin page is made of: history with a change reason
(``base.HistoryAdmin``), positioned inline rows, Markdown previews and widgets.

The model admins themselves are registered by editorial.admin, which adds
the workflow's edit rules to each page.
"""
