"""Embed every published entry's texts that have no stored embedding and publish a new
index generation. Web processes swap in the new index on their own."""


from django.core.management.base import BaseCommand
from tqdm import tqdm

from kb.search import upkeep
from kb.search.encoder import use_all_cores
from kb.search.service import build_index


class Command(BaseCommand):
    help = "Rebuild the search index from the database (encodes only what changed)."

    def handle(self, *args, **options):
        # A rebuild is a batch job: encode on every core unless told otherwise.
        use_all_cores()
        bar = tqdm(total=0, unit="text", desc="encoding", file=self.stderr, disable=None)

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        generation = upkeep.reindex(None, progress=progress)
        bar.close()
        index = build_index(generation)
        self.stdout.write(self.style.SUCCESS(
            f"Index generation {generation}: {len(index.engine)} texts of "
            f"{len(index.meta)} published entries."))
