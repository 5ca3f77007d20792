def queue(request):
    raise NotImplementedError


def review(request, pk):
    raise NotImplementedError


def act(request, pk, action):
    raise NotImplementedError
