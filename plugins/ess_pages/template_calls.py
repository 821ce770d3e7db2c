"""Cheaper calls and output from the templates: the same results as Jinja's, for about a fifth of a page's
rendering.

Jinja sends every call a template makes through ``Context.call``, which asks the callable twice whether it
wants the context passed; the i18n extension's ``_()`` is three such calls, a ``Markup`` and a ``%``. An item
page makes some sixty calls, eight of them ``_()``. And each ``{{ value }}`` of an autoescaping template goes
through ``markupsafe.escape``, which makes a new ``Markup`` of every value (a copy, for one that is Markup
already), only for the page to join them into one string: about a hundred per item page.
"""

from __future__ import annotations

from types import BuiltinFunctionType, BuiltinMethodType, FunctionType, MethodType

import markupsafe
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context
from markupsafe import Markup

#: callables that cannot take the context through their ``__call__`` (only through ``jinja_pass_arg``)
_PLAIN_TYPES = frozenset({FunctionType, MethodType, BuiltinFunctionType, BuiltinMethodType})


class PlainCallContext(Context):
    """Calls a plain function or method that asks for no context (no ``pass_context`` and the like) at once;
    anything else as Jinja does."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        if type(__obj) in _PLAIN_TYPES and getattr(__obj, "jinja_pass_arg", None) is None:
            if kwargs:  # (Jinja hands loop and block variables only to callables that take the context)
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return Context.call(__self, __obj, *args, **kwargs)


#: markupsafe's escaping of a str, in C (what ``markupsafe.escape`` wraps in a Markup); None in a version
#: without it, where the templates keep Jinja's own ``escape``
_escape_text = getattr(markupsafe, "_escape_inner", None)


_NO_HTML = object()


def output_text(value) -> str:
    """The text ``{{ value }}`` writes in an autoescaping template: that of ``markupsafe.escape(value)``, as a
    plain ``str`` (a value that is Markup as it is; one with ``__html__`` made Markup as escape makes it)."""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is Markup:
        return value
    html = getattr(value, "__html__", _NO_HTML)
    if html is not _NO_HTML:
        return Markup(html())
    return _escape_text(str(value))


class PlainOutputCodeGenerator(CodeGenerator):
    """Compiles each ``{{ … }}`` of an autoescaping template to ``output_text``, kept on the environment,
    instead of ``escape``. Where autoescaping can change while rendering (an ``{% autoescape %}`` block with a
    variable), and in a template that does not autoescape, the code is Jinja's."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.output_text(")
            if finalize.src is not None:  # (as Jinja's: the environment's finalize, closed by _output_child_post)
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


def _gettext(translations):
    """Jinja's new-style ``gettext`` for an autoescaping environment (the translation as Markup, formatted
    with the escaped variables), each string without variables translated once."""
    done: dict[str, Markup] = {}

    def gettext(__string: str, **variables) -> Markup:
        if variables:
            return Markup(translations.gettext(__string)) % variables
        found = done.get(__string)
        if found is None:
            found = done[__string] = Markup(translations.gettext(__string)) % {}
        return found

    return gettext


def install(env) -> None:
    """Makes ``env``'s contexts call plain functions at once (every template rendered from here on), and its
    templates write their values' text without a Markup each (every template compiled from here on: those
    compiled before are compiled again)."""
    env.context_class = PlainCallContext
    if _escape_text is not None and env.code_generator_class is not PlainOutputCodeGenerator:
        env.output_text = output_text
        env.code_generator_class = PlainOutputCodeGenerator
        if env.cache:
            env.cache.clear()


#: catalog → its plain gettext: one per catalog a process renders with (a change to the catalogs starts a new
#: preview process)
_INSTALLED: dict = {}


def install_language(env, translations) -> None:
    """The catalog ``translations`` for what ``env`` renders next: Jinja's i18n callables, then ``_`` and
    ``gettext`` as plain functions (one per catalog, keeping the strings it translated). The theme
    autoescapes everywhere (pelicanconf's JINJA_ENVIRONMENT), which Jinja's ``gettext`` asks at each call."""
    env.install_gettext_translations(translations, newstyle=True)
    if env.autoescape is not True:  # pragma: no cover - not this theme: Jinja's own then
        return
    gettext = _INSTALLED.get(translations)
    if gettext is None:
        gettext = _INSTALLED[translations] = _gettext(translations)
    env.globals.update(gettext=gettext, _=gettext)
