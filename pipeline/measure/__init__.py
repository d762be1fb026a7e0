"""Performance measurement: capaian and kriteria (engine), indicator realisasi, budget roll-ups."""
