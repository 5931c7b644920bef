"""The analyst's editing dialogs.  Each one only collects input and returns it; the main window
turns it into ``Editor.run`` commands, so every change is undoable the same way.

Dialogs are opened with ``open()`` (window-modal, not a nested event loop) so tests and the
screenshot script can fill them in and press their buttons like a user would.
"""
