"""The page explorer: Wagtail's default page listing, with fewer rows a page.

Wagtail renders each row of the explorer with its own menu of actions (edit, view, add a
child page, move, copy, delete, history …), and that rendering, not the database, is
where the explorer of a section with hundreds of groups or a news list of thousands spent
its time (docs/performance.md §4a). A ``PageViewSet`` for all page types, registered after
Wagtail's own, is Wagtail's documented way to change the default listing.
"""

from wagtail.admin.viewsets.pages import PageViewSet

# Rows a page of the explorer (Wagtail's default is 50). Ordered by the menu order, the
# explorer still shows every child, as Wagtail needs for dragging them into place.
EXPLORER_PAGE_SIZE = 20


class ExplorerPageViewSet(PageViewSet):
    list_per_page = EXPLORER_PAGE_SIZE


explorer_page_viewset = ExplorerPageViewSet()
