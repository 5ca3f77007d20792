from django.http import HttpResponse


def request_create(request, pk):
    return HttpResponse("")


def request_detail(request, pk):
    return HttpResponse("")


def event_detail(request, pk):
    return HttpResponse("")
